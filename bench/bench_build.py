"""Speed and memory of a build, measured (not asserted): python bench/bench_build.py [YEAR].

Targets (from shared/docs/gongwen-layout.md): a PDF of 6 pages in about 0.2 s once WeasyPrint
is loaded (needs Debian's libharfbuzz-subset0), memory flat when many documents are rendered
in one process.
"""
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.build import Paths, Renderers, build  # noqa: E402


def main(year: int = 2024, rounds: int = 5):
    paths = Paths(ROOT / "content", ROOT / "templates", Path(tempfile.mkdtemp()))
    t0 = time.perf_counter()
    renderers = Renderers(paths.templates)
    build(["plan"], year, paths, renderers=renderers)
    first = time.perf_counter() - t0
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        build(["plan"], year, paths, renderers=renderers)
        times.append(time.perf_counter() - t)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"first build (imports, fonts): {first:.2f} s")
    print(f"next builds (DOCX + PDF of the plan): min {min(times):.2f} s, max {max(times):.2f} s")
    print(f"peak memory: {rss:.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2024)
