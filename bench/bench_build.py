"""Speed and memory, measured (not asserted): python bench/bench_build.py [YEAR].

Targets (shared/docs/gongwen-layout.md): a 6-page PDF in about 0.2 s once WeasyPrint is
loaded (needs Debian's libharfbuzz-subset0); memory flat when many documents are rendered in
one process (one FontConfiguration); `make all` well under 10 s.
"""
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.build import KINDS, Paths, Renderers, build  # noqa: E402
from pipeline.content.lint import lint  # noqa: E402
from pipeline.check.verify import verify  # noqa: E402


def timed(action, rounds=5):
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - t)
    return min(times), max(times), result


def main(year: int = 2024):
    paths = Paths(ROOT / "content", ROOT / "templates", Path(tempfile.mkdtemp()))
    t0 = time.perf_counter()
    renderers = Renderers(paths.templates)
    build(["plan"], year, paths, renderers=renderers)
    print(f"first build of the plan (imports, fonts): {time.perf_counter() - t0:.2f} s")
    lo, hi, _ = timed(lambda: build(["plan"], year, paths, renderers=renderers))
    print(f"plan, DOCX + PDF + Markdown: min {lo:.2f} s, max {hi:.2f} s")
    lo, hi, written = timed(lambda: build(list(KINDS), year, paths, renderers=renderers), rounds=3)
    print(f"all three kinds ({len(written)} files): min {lo:.2f} s, max {hi:.2f} s")
    lo, hi, _ = timed(lambda: lint(paths.content))
    print(f"lint of all content: min {lo * 1000:.0f} ms, max {hi * 1000:.0f} ms")
    for path in sorted(written):
        if path.suffix in (".pdf", ".docx") and "计划" in path.name:
            lo, hi, _ = timed(lambda: verify(path), rounds=3)
            print(f"verify {path.suffix}: min {lo * 1000:.0f} ms")
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2024)
