"""Cold start of the command line: wall seconds (median of N new processes), peak memory, and whether
spaCy and torch get imported, for ``--help``, ``--version``, ``schema`` and a one-file ``extract``.

    python benchmarks/startup.py                       # 5 runs each, the library as installed
    python benchmarks/startup.py --runs 9 --model rules
    python benchmarks/startup.py --src /tmp/old/src    # another checkout's src/ first on sys.path

Each run is ``python -m minutes_nlp.cli ARGS`` in a new process with stdout discarded; the
imports are the modules loaded at the end of one more run. Numbers on a shared machine are noisy: the
load average is printed with them.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "referat_eksempel.txt"


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one new process running ``argv``."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited with {proc.returncode}")
    return seconds, usage.ru_maxrss / 1024


_PROBE = ("import atexit, runpy, sys\n"
          "atexit.register(lambda: print('MODULES', *sorted(m for m in sys.modules if sys.modules[m] is not None "
          "and '.' not in m), file=sys.stderr))\n"
          "sys.argv = ['minutes-nlp'] + sys.argv[1:]\n"
          "runpy.run_module('minutes_nlp.cli', run_name='__main__')\n")


def imported(rest: list[str], env: dict[str, str]) -> set[str]:
    """Top-level modules loaded when one run of ``minutes-nlp REST`` ends."""
    out = subprocess.run([sys.executable, "-c", _PROBE, *rest], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, env=env, text=True).stderr
    lines = [line for line in out.splitlines() if line.startswith("MODULES ")]
    return set(lines[-1].split()[1:]) if lines else set()


def main(argv: Optional[list[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--model", default=None, help="--model for extract (default: the installed default).")
    ap.add_argument("--file", type=Path, default=EXAMPLE, help="The one file given to extract.")
    ap.add_argument("--src", type=Path, default=None, help="Put this src/ folder first on PYTHONPATH.")
    args = ap.parse_args(argv)

    env = dict(os.environ)
    if args.src:
        env["PYTHONPATH"] = os.pathsep.join([str(args.src.resolve()), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    base = [sys.executable, "-m", "minutes_nlp.cli"]
    extract = ["extract", str(args.file)] + (["--model", args.model] if args.model else [])
    commands = {"--help": ["--help"], "--version": ["--version"], "schema": ["schema"],
                f"extract {args.file.name}": extract}
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}, "
          f"{os.cpu_count()} cores, {args.runs} runs each")
    print(f"{'command':<34} {'median s':>9} {'min s':>7} {'max s':>7} {'peak MB':>8}  imports")
    for label, rest in commands.items():
        runs = [run_once(base + rest, env) for _ in range(args.runs)]
        seconds = [s for s, _ in runs]
        heavy = sorted(imported(rest, env) & {"spacy", "thinc", "torch", "transformers", "spacy_transformers"})
        print(f"{label:<34} {statistics.median(seconds):>9.2f} {min(seconds):>7.2f} {max(seconds):>7.2f} "
              f"{max(m for _, m in runs):>8.0f}  {', '.join(heavy) or '-'}")


if __name__ == "__main__":
    main()
