"""Ingestion speed and memory, measured in one run on the same PDFs.

    .venv/bin/python benchmarks/ingest_speed.py [--corpus DIR] [--sizes 10,50,200]
        [--repeat N] [--baseline-src OLD/src] [--speed-only | --memory-only]

Prints pages/s for (a) pdfplumber's plain ``extract_text`` of every page, (b)
pypdfium2's text of every page (the practical ceiling), (c) a full ``ingest
--jobs 1``, (d) ``--jobs 2``, (e) an unchanged re-run, with ratios and the peak
memory (RSS summed over the process tree); each in a fresh child process that times
itself (interpreter start-up and imports excluded), the memory sampled from outside.

Then the commands as a user runs them, start-up included: (f) ``delib-extract ingest
--jobs 1``, (g) ``--jobs 2``, (h) ``--help``, (i) ``--version`` — the CPU time of the
whole process tree (the command and every process it waited for), against (a)'s.
With ``--baseline-src``, (f0) is (f) run with another checkout's ``src`` first on
the path (``git archive REV src | tar -x -C OLD``): before and after, in the same run.

Last, the peak memory of ingesting 10 to 200 documents (the corpus repeated, each
copy with a trailing PDF comment so that its hash differs).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the repository (or beside the folder of worktrees).
DEFAULT_CORPUS = next(
    (c for c in (ROOT.parent / "shared/corpus/dev", ROOT.parents[1] / "shared/corpus/dev")
     if c.is_dir()),
    ROOT.parent / "shared/corpus/dev",
)  # fmt: skip


# -- what a child process measures ---------------------------------------------------------
def _pdf_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.pdf") if not p.name.startswith("."))


def _child(mode: str, corpus: Path, work: Path, jobs: int) -> dict:
    import pdfplumber
    import pypdfium2 as pdfium

    # Imports are not what is measured here ((f) to (i) include them): what ingest uses.
    import delib_extract.db.load
    import delib_extract.ingest.executors  # noqa: F401
    from delib_extract import ingest

    files = _pdf_files(corpus)
    summary = ""
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    if mode == "plumber":
        for path in files:
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    page.extract_text()
                    page.close()
    elif mode == "pdfium":
        for path in files:
            document = pdfium.PdfDocument(str(path))
            for index in range(len(document)):
                page = document[index]
                textpage = page.get_textpage()
                textpage.get_text_range()
                textpage.close()
                page.close()
            document.close()
    else:
        summary = ingest([corpus], work / "d.db", work / "raw", jobs=jobs).summary()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "cpu": _cpu_seconds() - cpu_before, "summary": summary}


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the pool's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


# -- the parent: run a child, sample its memory --------------------------------------------
def _best(mode: str, corpus: Path, work: Path, jobs: int, repeat: int) -> dict:
    """The fastest of ``repeat`` runs (the one other processes disturbed least)."""
    runs = []
    for number in range(repeat):
        folder = work / f"run-{number}"
        runs.append(_measure(mode, corpus, folder, jobs))
    best = min(runs, key=lambda r: r["seconds"])
    best["work"] = work / f"run-{runs.index(best)}"
    return best


def _measure(mode: str, corpus: Path, work: Path, jobs: int = 1) -> dict:
    command = [sys.executable, __file__, "--child", mode, "--corpus", str(corpus),
               "--work", str(work), "--jobs", str(jobs)]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    peak = [0]

    def sample() -> None:
        parent = psutil.Process(process.pid)
        while process.poll() is None:
            try:
                tree = [parent, *parent.children(recursive=True)]
                peak[0] = max(peak[0], sum(p.memory_info().rss for p in tree))
            except psutil.Error:
                pass
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{mode} failed (exit {process.returncode})")
    result = json.loads(output.strip().splitlines()[-1])
    result["peak_mb"] = peak[0] / 2**20
    return result


def _count_pages(files: list[Path]) -> int:
    import pypdfium2 as pdfium

    total = 0
    for path in files:
        document = pdfium.PdfDocument(str(path))
        total += len(document)
        document.close()
    return total


def _state(db: Path) -> list:
    import sqlite3

    with sqlite3.connect(db) as connection:
        tables = [
            r[0] for r in connection.execute("select name from sqlite_master where type='table'")
        ]
        tables = [t for t in tables if "_fts" not in t]  # FTS shadow tables follow their table
        return [(t, sorted(connection.execute(f"select * from [{t}]").fetchall(), key=repr))
                for t in tables]  # fmt: skip


def _copies(files: list[Path], count: int, folder: Path) -> Path:
    """``count`` documents: the corpus repeated, each copy made distinct by a trailing comment."""
    folder.mkdir(parents=True)
    for number in range(count):
        source = files[number % len(files)]
        data = source.read_bytes() + f"\n% delib-extract benchmark copy {number}\n".encode()
        (folder / f"{number:04d}-{source.name}").write_bytes(data)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sizes", default="10,50,200", help="document counts for memory")
    parser.add_argument("--memory-jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1, help="keep the fastest of N runs")
    parser.add_argument("--memory-only", action="store_true", help="skip (a) to (i)")
    parser.add_argument("--speed-only", action="store_true", help="skip the memory table")
    parser.add_argument("--baseline-src", type=Path, help="(f0): this src folder first on the path")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, args.corpus, args.work, args.jobs)))
        return
    files = _pdf_files(args.corpus)
    if not files:
        raise SystemExit(f"no PDF under {args.corpus} (--corpus DIR)")
    pages = _count_pages(files)
    print(f"corpus: {args.corpus} — {len(files)} PDFs, {pages} pages")
    with tempfile.TemporaryDirectory(prefix="delib-bench-") as tmp:
        work = Path(tmp)
        if not args.memory_only:
            runs = _speed(args, pages, work)
            _commands(args, pages, work, runs["a"][1])
        if not args.speed_only:
            _print_memory(files, [int(n) for n in args.sizes.split(",")], args.memory_jobs, work)


def _speed(args: argparse.Namespace, pages: int, work: Path) -> dict:
    """(a) to (e) on the same PDFs, then the table and the ratios."""
    n, corpus = args.repeat, args.corpus
    runs = {
        "a": ("pdfplumber extract_text, every page", _best("plumber", corpus, work, 1, n)),
        "b": ("pypdfium2 text, every page", _best("pdfium", corpus, work, 1, n)),
        "c": ("ingest --jobs 1", _best("ingest", corpus, work / "c", 1, n)),
        "d": ("ingest --jobs 2", _best("ingest", corpus, work / "d", 2, n)),
    }
    loaded = runs["d"][1]["work"]
    before = _state(loaded / "d.db")
    runs["e"] = ("unchanged re-run (--jobs 2)", _measure("ingest", corpus, loaded, 2))
    changed = before != _state(loaded / "d.db")
    _print_speed(runs, pages, changed)
    return runs


def _print_speed(runs: dict, pages: int, changed: bool) -> None:
    base, c = runs["a"][1]["seconds"], runs["c"][1]["seconds"]
    print("\n| run | wall s | pages/s | vs (a) | vs (c) | CPU s | pages/CPU s | peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for key, (label, run) in runs.items():
        seconds, cpu = run["seconds"], max(run["cpu"], 1e-3)
        print(f"| ({key}) {label} | {seconds:.2f} | {pages / seconds:.1f} | "
              f"{base / seconds:.2f}x | {c / seconds:.2f}x | {cpu:.2f} | {pages / cpu:.1f} | "
              f"{run['peak_mb']:.0f} |")  # fmt: skip
    cpu_ratio = runs["a"][1]["cpu"] / runs["c"][1]["cpu"]
    print(f"\nCPU time, (a)/(c) = {cpu_ratio:.2f}x (the same work, whatever else runs)")
    d, e = runs["d"][1]["seconds"], runs["e"][1]["seconds"]
    print(f"\n(c)/(a) = {base / c:.2f}x (target >= 3); (d)/(c) = {c / d:.2f}x (target >= 1.7); "
          f"(e) = {100 * e / c:.1f}% of (c) (target < 5%); rows changed by (e): "
          f"{'YES' if changed else 'none'}")  # fmt: skip
    print(f"(e) said: {runs['e'][1]['summary']}")


# -- whole commands, start-up included -----------------------------------------------------
def _command(arguments: list[str], src: Path | None = None) -> dict:
    """Run ``delib-extract ARGUMENTS``; its wall time, and the CPU time of its process
    tree: this process's children's usage grows by what the command and every process
    it waited for (pool workers, extraction children) used."""
    script = Path(sys.executable).with_name("delib-extract")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "delib_extract"]
    environment = dict(os.environ)
    if src is not None:
        environment["PYTHONPATH"] = str(src)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([*command, *arguments], capture_output=True, text=True, env=environment)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"delib-extract {' '.join(arguments)} failed: {done.stderr[-500:]}")
    cpu = sum(getattr(after, f) - getattr(before, f) for f in ("ru_utime", "ru_stime"))
    return {"seconds": seconds, "cpu": cpu, "output": done.stdout.strip()}


def _best_command(arguments: list[str], repeat: int, src: Path | None = None) -> dict:
    """The least CPU time and the least wall time of ``repeat`` runs (each the run
    other processes disturbed least; ``{work}`` in the arguments: a fresh folder)."""
    runs = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="delib-command-") as folder:
            runs.append(_command([a.replace("{work}", folder) for a in arguments], src))
    best = dict(min(runs, key=lambda r: r["cpu"]))
    best["seconds"] = min(r["seconds"] for r in runs)
    return best


def _commands(args: argparse.Namespace, pages: int, work: Path, plumber: dict) -> None:
    ingest = ["ingest", str(args.corpus), "--db", "{work}/d.db", "--archive", "{work}/raw"]
    one, two, n = [*ingest, "--jobs", "1"], [*ingest, "--jobs", "2"], args.repeat
    runs = {}
    if args.baseline_src:
        label = f"`ingest --jobs 1`, {args.baseline_src}"
        runs["f0"] = (label, _best_command(one, n, args.baseline_src))
    runs["f"] = ("`delib-extract ingest --jobs 1`", _best_command(one, n))
    runs["g"] = ("`delib-extract ingest --jobs 2`", _best_command(two, n))
    runs["h"] = ("`delib-extract --help`", _best_command(["--help"], max(n, 3)))
    runs["i"] = ("`delib-extract --version`", _best_command(["--version"], max(n, 3)))
    print("\nWhole commands, start-up included (CPU of the process tree):\n")
    print("| run | wall s | CPU s | pages / CPU s | (a) CPU / this CPU |")
    print("|---|---:|---:|---:|---:|")
    print(f"| (a) pdfplumber `extract_text`, every page (in-process) | {plumber['seconds']:.2f} | "
          f"{plumber['cpu']:.2f} | {pages / plumber['cpu']:.1f} | 1.00x |")  # fmt: skip
    for key, (label, run) in runs.items():
        per_page = f"{pages / run['cpu']:.1f}" if key in ("f0", "f", "g") else "—"
        print(f"| ({key}) {label} | {run['seconds']:.2f} | {run['cpu']:.2f} | {per_page} | "
              f"{plumber['cpu'] / run['cpu']:.2f}x |")  # fmt: skip
    f, g = runs["f"][1], runs["g"][1]
    print(f"\n(a)/(f) in CPU time = {plumber['cpu'] / f['cpu']:.2f}x (target >= 6); "
          f"(g) is {f['seconds'] / g['seconds']:.2f}x (f) in wall time (target >= 1.8); "
          f"--help {runs['h'][1]['cpu']:.2f} s, --version {runs['i'][1]['cpu']:.2f} s CPU "
          "(target < 0.25)")  # fmt: skip
    if "f0" in runs:
        print(f"(f0)/(f) in CPU time = {runs['f0'][1]['cpu'] / f['cpu']:.2f}x")
    print(f"(f) said: {f['output']}")


def _print_memory(files: list[Path], sizes: list[int], jobs: int, work: Path) -> None:
    print(f"\n| documents | pages | seconds | peak RSS (MB), ingest --jobs {jobs} |")
    print("|---:|---:|---:|---:|")
    for size in sizes:
        folder = _copies(files, size, work / f"copies-{size}")
        run = _measure("ingest", folder, work / f"memory-{size}", jobs)
        count = _count_pages(_pdf_files(folder))
        print(f"| {size} | {count} | {run['seconds']:.1f} | {run['peak_mb']:.0f} |", flush=True)


if __name__ == "__main__":
    main()
