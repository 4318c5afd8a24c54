"""The record model: kinds of record, their schema and vocabularies, problems, name folding."""
