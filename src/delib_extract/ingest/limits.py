"""Per-document time and memory limits: one hostile PDF cannot stall or sink a batch.

Each document is extracted in a child process forked for it (cheap: the libraries are
already imported by the parent) whose address space is capped (``RLIMIT_AS``) and which
is killed when its wall-clock deadline passes. The parent waits for the Extraction on
a pipe and turns whatever happened to the child into one:

    Extraction received                          → that Extraction
    deadline passed (child killed)               → failed, « délai dépassé (limite de N s) »
    MemoryError, or a crash near the memory cap  → failed, « mémoire dépassée (limite de N Mo) »
    any other death                              → failed, « extraction interrompue (…) »

The ``extract`` command and Dask workers run their documents through
:func:`extract_limited`; the local pool's workers take the same limits for themselves
and read document after document, their pool holding each to its deadline
(:func:`limit_worker`, :func:`worker_outcome`: the same reasons). A PDF library
that runs out of memory usually aborts its process rather than raise (PDFium does):
that is why the document is read in a process of its own, and why the parent watches
the child's address space to tell such a crash from another one.
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import os
import resource
import signal
import time
from multiprocessing.connection import Connection, Pipe

from delib_extract.extract import extract_pdf, failed, memory_exceeded
from delib_extract.records import Extraction
from delib_extract.settings import Settings

# A crash is put down to memory when the child was seen growing by at least this share
# of the room its cap left it at the fork: allocators grow by doubling, so the allocation
# that failed was about as big. (Growth, not size: a parent that has imported much
# already hands the child a large address space.)
_NEAR_CAP = 0.5
_POLL_S = 0.05  # how often the parent looks at the child (and its memory) while waiting
_CRASH_SIGNALS = {signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS, signal.SIGILL, signal.SIGTRAP}
_EXIT_MEMORY = 71  # the child's exit status when even reporting its MemoryError failed


def time_exceeded(settings: Settings) -> str:
    return f"délai dépassé (limite de {settings.time_limit_s:g} s par document)"


def limits_enabled(settings: Settings) -> bool:
    return bool(settings.time_limit_s or settings.memory_limit_mb) and hasattr(os, "fork")


def extract_limited(path: str, settings: Settings, *, ocr: bool = True) -> Extraction:
    """:func:`~delib_extract.extract.extract_pdf` under the settings' time and memory
    limits (in this process when both are 0, or where ``fork`` does not exist)."""
    if not limits_enabled(settings):
        return extract_pdf(path, settings, ocr=ocr)
    started = time.perf_counter()
    reader, writer = Pipe(duplex=False)
    pid = os.fork()
    if pid == 0:  # the child: its outcome is what the tests check
        reader.close()
        _child(path, settings, writer, ocr)
    writer.close()
    try:
        sent, grown, timed_out = _watch(pid, reader, settings)
    except BaseException:  # Ctrl-C in the parent: the child goes too
        _kill(pid)
        _reap(pid)
        raise
    finally:
        reader.close()
    if timed_out:
        _kill(pid)
    status = _reap(pid)
    if sent is not None:
        return sent
    result = _outcome(status, settings, grown, timed_out)
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def _child(path: str, settings: Settings, writer: Connection, ocr: bool = True) -> None:
    """Never returns: extract, send the result, leave without running the parent's
    clean-up (open databases, atexit handlers belong to the parent)."""
    code = 0
    try:
        faulthandler.disable()  # a crash here is expected and reported by the parent
        die_with_parent()
        _first_to_go()
        _restrict(settings)
        result = extract_pdf(path, settings, ocr=ocr)
        writer.send(result)
    except MemoryError:
        code = _send_or(writer, failed(memory_exceeded(settings)), _EXIT_MEMORY)
    except BaseException:  # even KeyboardInterrupt: the parent decides what to record
        code = 70
    finally:
        os._exit(code)


def limit_worker(settings: Settings) -> None:
    """Take the limits of a document's reader on this process, for the documents it
    reads one after another (a worker of :mod:`.executors`, watched by its pool)."""
    faulthandler.disable()
    die_with_parent()
    _first_to_go()
    _restrict(settings)


def worker_outcome(
    exitcode: int | None, settings: Settings, start: int, peak: int, timed_out: bool
) -> Extraction:
    """What a worker that ended on a document records: as :func:`extract_limited` does
    for its child (``exitcode`` as multiprocessing reports it, negative for a signal;
    ``start`` and ``peak``, the worker's address space when given the document and at
    its largest since)."""
    status = None if exitcode is None else (-exitcode if exitcode < 0 else exitcode << 8)
    return _outcome(status, settings, _share(peak, start, settings), timed_out)


def _send_or(writer: Connection, result: Extraction, code: int) -> int:
    try:
        writer.send(result)
        return 0
    except BaseException:
        return code


def die_with_parent() -> None:
    """Linux: this process is killed when its parent dies, so a SIGKILLed ingest leaves
    no worker or extraction running on (a no-op elsewhere)."""
    parent = os.getppid()
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(70)


def _first_to_go() -> None:
    # When the machine runs out of memory, the kernel kills the extraction, not the writer.
    with contextlib.suppress(OSError), open("/proc/self/oom_score_adj", "w") as handle:
        handle.write("1000")


def _restrict(settings: Settings) -> None:
    if settings.memory_limit_mb:
        cap = settings.memory_limit_mb * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    # Ctrl-C reaches the whole process group: the parent handles it and kills the child.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _watch(
    pid: int, reader: Connection, settings: Settings
) -> tuple[Extraction | None, float, bool]:
    """Wait for the child's Extraction: (it or None, its growth at the peak as a share of
    the room its memory cap left it, timed out)."""
    deadline = time.monotonic() + settings.time_limit_s if settings.time_limit_s else None
    start = address_space(os.getpid())  # the child starts as a copy of this process
    peak = start
    while True:
        if reader.poll(_POLL_S):
            try:
                return reader.recv(), _share(peak, start, settings), False
            except (EOFError, OSError):  # the child died without sending anything
                return None, _share(peak, start, settings), False
        peak = max(peak, address_space(pid))
        if deadline is not None and time.monotonic() >= deadline:
            return None, _share(peak, start, settings), True


def _share(peak: int, start: int, settings: Settings) -> float:
    cap = settings.memory_limit_mb * 1024 * 1024
    if not cap or not peak:
        return 0.0
    return (peak - start) / max(cap - start, 1)


def _outcome(status: int | None, settings: Settings, grown: float, timed_out: bool) -> Extraction:
    """What happened to a child that sent nothing."""
    if timed_out:
        return failed(time_exceeded(settings))
    if status is None:
        return failed("extraction interrompue (processus disparu)")
    if os.WIFEXITED(status):
        code = os.WEXITSTATUS(status)
        if code == _EXIT_MEMORY:
            return failed(memory_exceeded(settings))
        return failed(f"extraction interrompue (code de sortie {code})")
    number = os.WTERMSIG(status)
    try:
        name = signal.Signals(number).name
    except ValueError:
        name = f"signal {number}"
    if number in _CRASH_SIGNALS and grown >= _NEAR_CAP:
        return failed(f"{memory_exceeded(settings)} : extraction arrêtée ({name})")
    if number == signal.SIGKILL:  # not by us: the kernel's OOM killer, most likely
        return failed(f"extraction interrompue : processus tué ({name}, mémoire du système ?)")
    return failed(f"extraction interrompue : le lecteur PDF s'est arrêté brutalement ({name})")


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _reap(pid: int) -> int | None:
    """Wait for the child (done or killed); its wait status, None when already reaped."""
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:
        return None


def address_space(pid: int) -> int:
    """The child's current address space in bytes (0 when unknown)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0
