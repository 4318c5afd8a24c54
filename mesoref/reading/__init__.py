"""Reading data: the layers, what they hold on disk, the safe YAML reader and the validator."""
