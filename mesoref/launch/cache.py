"""The cache directory, verified before it is used, and the pages kept in it.

The directory is `$XDG_CACHE_HOME/mesoref` (else `~/.cache/mesoref`).  It is created 0700 and
used only when it is a real directory (not a symlink), owned by the user running mesoref,
writable by nobody else, in a parent that nobody else can rename it out of.  Anything else is
refused with one clear message, and mesoref runs uncached.  Inside it, mesoref reads and
deletes only files whose names it made, matched exactly: it never walks the directory.

A page is a finished answer: the exact bytes of stdout and stderr and the exit status, stored
with a checksum under a key of everything that shapes the output, and with the fingerprints
of everything it was built from (the data files and folders, the code that ran, the
environment variables the run read).  It is replayed only if the checksum holds and every one
of those is unchanged.

Standard library only: this runs before anything else on the cached path.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys

from mesoref.launch.fresh import Fingerprint, racy, unchanged

try:
    from _blake2 import blake2b  # what hashlib would load, without hashlib's own start-up
except ImportError:  # pragma: no cover - other Python implementations
    from hashlib import blake2b

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

PAGE_FORMAT = 3
PAGE_MAGIC = b"mesoref-page\x00"
MAX_PAGE_BYTES = 32 * 1024 * 1024
MAX_PAGES = 2000
HEX = frozenset("0123456789abcdef")
TEMP_ALPHABET = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")  # tempfile's names
CACHEDIR_TAG = (
    b"Signature: 8a477f597d28d172789f06886806bc55\n"
    b"# This file is a cache directory tag created by mesoref.\n"
    b"# For information about cache directory tags see https://bford.info/cachedir/\n"
)


class Refused(Exception):
    """The cache directory exists but cannot be trusted; mesoref runs uncached."""


def disabled(environ: Mapping[str, str]) -> bool:
    """MESOREF_CACHE=off (or 0, no, false): no index file and no pages are written."""
    return environ.get("MESOREF_CACHE", "").strip().lower() in ("off", "0", "no", "false")


def location(environ: Mapping[str, str]) -> str:
    base = environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG specification: a relative path is ignored
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "mesoref")


def _check(info: os.stat_result, path: str) -> None:
    if not stat.S_ISDIR(info.st_mode):
        raise Refused(f"{path} is not a directory")
    if info.st_uid != os.geteuid():
        raise Refused(f"{path} belongs to another user")


def _check_parent(path: str) -> None:
    parent = os.path.dirname(path) or "."
    info = os.stat(parent)
    # Anyone who can write the parent could rename our directory away and put theirs in its
    # place, unless the sticky bit (as on /tmp) stops them.
    if info.st_mode & 0o022 and not info.st_mode & stat.S_ISVTX and info.st_uid != os.geteuid():
        raise Refused(f"{parent} can be written by other users, so {path} could be replaced")
    if info.st_mode & 0o002 and not info.st_mode & stat.S_ISVTX:
        raise Refused(f"{parent} can be written by anyone, so {path} could be replaced")


def verified(path: str, create: bool) -> str | None:
    """The cache directory if it can be trusted (created 0700 when `create`), None if it does
    not exist; raises Refused when it exists but cannot be trusted."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        raise Refused("the cache path is not valid UTF-8, which SQLite cannot open") from None
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        if not create:
            return None
        try:
            os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
            os.mkdir(path, 0o700)
        except FileExistsError:
            pass  # a concurrent run made it: checked below like any other
        except OSError as error:
            raise Refused(f"cannot create {path}: {error.strerror or error}") from None
        info = os.lstat(path)
    except OSError as error:
        raise Refused(f"cannot use {path}: {error.strerror or error}") from None
    if stat.S_ISLNK(info.st_mode):
        raise Refused(f"{path} is a symbolic link")
    _check(info, path)
    try:
        _check_parent(path)
    except OSError as error:
        raise Refused(f"cannot check the folder above {path}: {error.strerror}") from None
    if stat.S_IMODE(info.st_mode) != 0o700:
        if not create:
            return None  # not trusted as it stands; the full run will close it first
        try:
            os.chmod(path, 0o700)
        except OSError as error:
            raise Refused(f"cannot make {path} private: {error.strerror}") from None
        if info.st_mode & 0o022:
            # Others could write here until now: nothing in it can be believed.
            remove_own_files(path)
    if create:
        _ensure(os.path.join(path, "pages"), 0o700)
        tag = os.path.join(path, "CACHEDIR.TAG")
        if not os.path.exists(tag):
            write_atomically(path, "CACHEDIR.TAG", CACHEDIR_TAG)
    return path


def _ensure(path: str, mode: int) -> None:
    try:
        os.mkdir(path, mode)
    except FileExistsError:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            raise Refused(f"{path} is a symbolic link") from None
        _check(info, path)


# -- exact names --------------------------------------------------------------------------


def is_index_name(name: str) -> bool:
    """`index-<20 hex digits>.sqlite`, as index files are named."""
    return (
        len(name) == 33
        and name.startswith("index-")
        and name.endswith(".sqlite")
        and HEX.issuperset(name[6:26])
    )


def is_temporary_name(name: str, prefix: str) -> bool:
    """`<prefix><8 tempfile characters>.tmp` or `...-old.tmp`, as temporary files are named."""
    if not (name.startswith(prefix) and name.endswith(".tmp")):
        return False
    middle = name[len(prefix) : -4].removesuffix("-old")
    return len(middle) == 8 and TEMP_ALPHABET.issuperset(middle)


def is_page_name(name: str) -> bool:
    return len(name) == 37 and name.endswith(".page") and HEX.issuperset(name[:32])


def read_regular(path: str, limit: int) -> bytes | None:
    """A regular file's bytes, never following a symlink or blocking on a FIFO."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        chunks = []
        remaining = info.st_size + 1
        while remaining > 0:
            chunk = os.read(fd, remaining)
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def is_regular_file(path: str) -> bool:
    """A regular file (not a symlink, FIFO, device or folder), checked without blocking."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        return stat.S_ISREG(os.fstat(fd).st_mode)
    except OSError:
        return False
    finally:
        os.close(fd)


def temporary_file(directory: str, prefix: str) -> tuple[int, str]:
    """A new file `<prefix><8 characters>.tmp`, created exclusively, readable by its owner only.
    (The tempfile module would do the same, but importing it costs more than Python's own
    start-up on this path.)"""
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789_"
    for _ in range(100):
        middle = "".join(alphabet[b % len(alphabet)] for b in os.urandom(8))
        path = os.path.join(directory, f"{prefix}{middle}.tmp")
        try:
            return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(directory)


def copy_file(source: str, target_fd: int) -> None:
    """Copy a regular file's bytes into an open file, in the kernel where it can."""
    fd = os.open(source, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        size = os.fstat(fd).st_size
        offset = 0
        try:
            while offset < size:
                sent = os.sendfile(target_fd, fd, offset, size - offset)
                if sent == 0:
                    break
                offset += sent
        except OSError:
            os.lseek(fd, offset, os.SEEK_SET)
            while chunk := os.read(fd, 1 << 20):
                os.write(target_fd, chunk)
    finally:
        os.close(fd)


def write_atomically(directory: str, name: str, data: bytes, durable: bool = False) -> bool:
    """Write a file by renaming a complete temporary file into place; with `durable`, the data
    and the rename reach the disk before this returns (a crash leaves the old or the new)."""
    try:
        fd, temporary = temporary_file(directory, ".page-")
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temporary, os.path.join(directory, name))
        if durable:
            sync_directory(directory)
    except OSError:
        try:  # noqa: SIM105 - contextlib costs start-up time here
            os.unlink(temporary)
        except OSError:
            pass
        return False
    return True


def sync_directory(directory: str) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _own_index_file(name: str) -> bool:
    return is_index_name(name) or is_temporary_name(name, ".index-") or _is_journal(name)


def _is_journal(name: str) -> bool:
    return name.endswith("-journal") and is_index_name(name.removesuffix("-journal"))


def _own_page_file(name: str) -> bool:
    return is_page_name(name) or is_temporary_name(name, ".page-")


def remove_own_files(directory: str) -> int:
    """Delete the index files, pages and temporary files mesoref made; nothing else."""
    removed = 0
    for folder, ours in (
        (directory, _own_index_file),
        (os.path.join(directory, "pages"), _own_page_file),
    ):
        try:
            listing = os.listdir(folder)
        except OSError:
            continue
        for name in listing:
            full = os.path.join(folder, name)
            if ours(name) and stat.S_ISREG(_lstat_mode(full)):
                try:
                    os.unlink(full)
                    removed += 1
                except OSError:
                    pass
    return removed


def _lstat_mode(path: str) -> int:
    try:
        return os.lstat(path).st_mode
    except OSError:
        return 0


# -- pages ----------------------------------------------------------------------------------


class Page:
    """A finished answer: exit status, the bytes of stdout and stderr, and whether each was
    written with colour (which decides whether SGR codes may pass the boundary on replay)."""

    __slots__ = ("code", "colour", "err", "err_colour", "out")

    def __init__(self, code: int, out: bytes, err: bytes, colour: bool, err_colour: bool) -> None:
        self.code = code
        self.out = out
        self.err = err
        self.colour = colour
        self.err_colour = err_colour


Dependencies = tuple[tuple[str, Fingerprint], ...]
EnvironmentReads = tuple[tuple[str, str | None], ...]


def page_key(argv: Sequence[str], version: str, cwd_matters: bool) -> tuple[str, ...]:
    """What identifies a run before it runs: the installation, the interpreter, the arguments,
    the terminal.  (The environment it reads is checked as a dependency instead.)"""
    from mesoref.launch.terminal import isatty, terminal_size

    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    columns, lines = terminal_size()
    parts = [
        str(PAGE_FORMAT),
        version,
        package,  # which installation: two venvs or checkouts never share pages
        sys.executable,
        sys.prefix,
        sys.version,  # the interpreter build, and with it the Unicode database
        sys.implementation.cache_tag or "",
        f"tty={isatty(0)}{isatty(1)}{isatty(2)} size={columns}x{lines}",
        f"{getattr(sys.stdout, 'encoding', None)}/{getattr(sys.stdout, 'errors', None)}",
        f"{getattr(sys.stderr, 'encoding', None)}/{getattr(sys.stderr, 'errors', None)}",
        os.getcwd() if cwd_matters else "",
        "\0",
        *argv,
    ]
    return tuple(parts)


def _page_path(directory: str, key: tuple[str, ...]) -> str:
    digest = blake2b("\0".join(key).encode("utf-8", "surrogatepass"), digest_size=16)
    return os.path.join(directory, "pages", digest.hexdigest() + ".page")


def _exists(path: str) -> bool:
    try:
        os.stat(path)
    except (OSError, ValueError):
        return False
    return True


def _environment_unchanged(reads: EnvironmentReads, environ: Mapping[str, str]) -> bool:
    return all(environ.get(name) == value for name, value in reads)


def lookup(directory: str, key: tuple[str, ...], environ: Mapping[str, str]) -> Page | None:
    """The page for `key` if it is intact and provably fresh, else None."""
    data = read_regular(_page_path(directory, key), MAX_PAGE_BYTES)
    if data is None or not data.startswith(PAGE_MAGIC):
        return None
    digest, payload = data[len(PAGE_MAGIC) : len(PAGE_MAGIC) + 32], data[len(PAGE_MAGIC) + 32 :]
    if blake2b(payload, digest_size=32).digest() != digest:
        return None  # truncated or damaged: never decoded
    try:
        fmt, stored_key, code, out, err, colours, dependencies, reads = marshal.loads(payload)
        colour, err_colour = colours
    except (ValueError, EOFError, TypeError):
        return None
    if fmt != PAGE_FORMAT or stored_key != key:
        return None
    paths, fingerprints, absent = dependencies
    if not _environment_unchanged(reads, environ) or not unchanged(paths, fingerprints):
        return None
    if any(_exists(path) for path in absent):
        return None
    return Page(code, out, err, bool(colour), bool(err_colour))


def store(
    directory: str,
    key: tuple[str, ...],
    page: Page,
    dependencies: Dependencies,
    reads: EnvironmentReads,
) -> bool:
    """Keep a page, unless a file it depends on changed too recently to be fingerprinted
    safely; any failure (read-only cache, full disk) means no page is kept."""
    if racy(fingerprint for _, fingerprint in dependencies):
        return False
    # Paths and fingerprints apart, so the lookup compares the fingerprints as one list; the
    # paths that must stay absent (a layer folder not created yet) apart again.
    present = [(p, f) for p, f in dependencies if f is not None]
    split = (
        tuple(p for p, _ in present),
        tuple(f for _, f in present),
        tuple(p for p, f in dependencies if f is None),
    )
    payload = marshal.dumps(
        (
            PAGE_FORMAT,
            key,
            page.code,
            page.out,
            page.err,
            (page.colour, page.err_colour),
            split,
            reads,
        )
    )
    data = PAGE_MAGIC + blake2b(payload, digest_size=32).digest() + payload
    path = _page_path(directory, key)
    kept = write_atomically(os.path.dirname(path), os.path.basename(path), data)
    if kept:
        _prune(os.path.dirname(path))
    return kept


def oldest_first(directory: str, names: list[str]) -> list[str]:
    """`names` in `directory`, least recently written first (a vanished file counts as
    oldest); how both caches choose what to drop when they grow past their bound."""

    def age(name: str) -> int:
        try:
            return os.lstat(os.path.join(directory, name)).st_mtime_ns
        except OSError:
            return 0

    return sorted(names, key=age)


def _prune(pages: str) -> None:
    """Keep the cache bounded: past MAX_PAGES, drop the least recently written tenth."""
    try:
        names = [n for n in os.listdir(pages) if is_page_name(n)]
    except OSError:
        return
    if len(names) <= MAX_PAGES:
        return
    for name in oldest_first(pages, names)[: len(names) // 10]:
        try:  # noqa: SIM105 - contextlib costs start-up time here
            os.unlink(os.path.join(pages, name))
        except OSError:
            pass
