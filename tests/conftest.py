import shutil
from pathlib import Path

import pytest

from pipeline.build import Paths, Renderers, build

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
TEMPLATES = ROOT / "templates"
SAMPLE = {"plan": "wenming-plan", "scheme": "wenming-scheme", "summary": "wenming-summary"}  # document IDs


@pytest.fixture(scope="session")
def renderers():
    return Renderers(TEMPLATES)


@pytest.fixture(scope="session")
def sample_outputs(tmp_path_factory, renderers):
    """The 2024 文明 plan, scheme and summary built once: {kind: {"docx": path, "pdf": path, "md": path}}."""
    out = tmp_path_factory.mktemp("output")
    built = {}
    for kind in SAMPLE:
        paths = build([SAMPLE[kind]], 2024, Paths(CONTENT, TEMPLATES, out), renderers=renderers)
        built[kind] = {p.suffix[1:]: p for p in paths}  # docx, pdf, md
    return built


@pytest.fixture
def content_copy(tmp_path):
    """A scratch copy of the sample content that a test may break."""
    dest = tmp_path / "content"
    shutil.copytree(CONTENT, dest)
    return dest
