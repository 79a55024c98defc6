"""The docs match the code: CLI reference, output fields, modules, dependencies."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

from sitrep.model import Event

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def test_cli_reference_is_generated_from_help():
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == module.render(), (
        "docs/cli.md is stale: run .venv/bin/python scripts/gen_cli_docs.py"
    )


def test_every_event_field_is_documented():
    from sitrep.model import Article
    from sitrep.output import event_record

    doc = (DOCS / "output.md").read_text(encoding="utf-8")
    event = Event(article_id="a", trigger="t", trigger_start=0, trigger_end=1, sentence_start=0, sentence_end=1)
    record = event_record(event, Article(id="a", text="t"))
    assert "sentence" in record
    for key in record:
        assert f"| `{key}` |" in doc, key


def test_every_annotate_field_is_documented():
    from sitrep.api import annotation
    from sitrep.model import Article
    from sitrep.pipeline import Analysis

    doc = (DOCS / "output.md").read_text(encoding="utf-8")
    record = annotation(Analysis(article=Article(id="a", text="x")), explain=True)
    for key in record:
        assert f"| `{key}` |" in doc, key


def test_serve_config_help_names_every_setting():
    from sitrep.cli import serve
    from sitrep.web.settings import SETTINGS

    (option,) = [p for p in serve.params if p.name == "config_path"]
    for setting in SETTINGS:
        assert setting.name in option.help, setting.name


def test_every_error_code_and_failure_field_is_documented():
    import dataclasses

    from sitrep.errors import Codes
    from sitrep.model import Failure

    doc = (DOCS / "errors.md").read_text(encoding="utf-8")
    codes = [name for name in vars(Codes) if re.fullmatch(r"[RPLS]\d{3}", name)]
    assert len(codes) > 20
    for code in codes:
        assert f"| `{code}` |" in doc, code
    for name in Failure("o", "R001", "m").to_dict():
        assert f"| `{name}` |" in doc, name
    assert "traceback" in {f.name for f in dataclasses.fields(Failure)} and "`--debug`" in doc


def test_every_module_is_on_the_architecture_map():
    doc = (DOCS / "architecture.md").read_text(encoding="utf-8")
    for path in sorted((ROOT / "sitrep").rglob("*.py")):
        if path.name == "__init__.py":
            continue
        rel = path.relative_to(ROOT).as_posix()
        assert rel in doc or f"`{path.parent.relative_to(ROOT).as_posix()}/`" in doc and path.stem in doc, rel


def test_every_dependency_is_explained():
    from packaging.requirements import Requirement

    doc = (DOCS / "dependencies.md").read_text(encoding="utf-8")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = project["dependencies"] + [r for rs in project["optional-dependencies"].values() for r in rs]
    for line in lines:
        req = Requirement(line)
        name = req.name + (f"[{','.join(sorted(req.extras))}]" if req.extras else "")
        (lower,) = [s.version for s in req.specifier if s.operator == ">="]
        assert f"| `{name}` |" in doc and lower in doc, line


def test_readme_commands_are_the_makefile_targets():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("demo", "test"):
        assert f"make {target}" in readme and f"\n{target}:" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_api_route_and_setting_is_documented():
    from starlette.routing import Mount

    from sitrep.store import SQLiteStore
    from sitrep.web import create_app
    from sitrep.web.settings import SETTINGS

    doc = (DOCS / "api.md").read_text(encoding="utf-8")
    with SQLiteStore(":memory:") as store:
        app = create_app(store)
    endpoints = []
    for route in app.routes:
        if isinstance(route, Mount):
            endpoints.append(f"GET {route.path}/{{path}}")
        else:
            endpoints += [f"{method} {route.path}" for method in sorted(route.methods - {"HEAD"})]
    assert "POST /api/articles" in endpoints and "GET /api/events" in endpoints
    for endpoint in endpoints:
        assert f"`{endpoint}`" in doc, endpoint
    for setting in SETTINGS:
        assert f"| `{setting.name}` |" in doc, setting.name


def test_robustness_doc_matches_the_fuzz_tests():
    """docs/robustness.md lists every fuzz test with its CI budget, and names only the
    environment variables and profiles that tests/test_robustness.py reads."""
    doc = (DOCS / "robustness.md").read_text(encoding="utf-8")
    module = (ROOT / "tests" / "test_robustness.py").read_text(encoding="utf-8")
    budgets = {name: int(n) for n, name in re.findall(r"@budget\((\d+)\)\n@given\(.*?\)\ndef (test_\w+)", module, re.S)}
    assert len(budgets) >= 10, budgets
    listed = {name: int(n) for name, n in re.findall(r"\| `(test_\w+)` \|[^\n]*\| (\d+) \|", doc)}
    assert listed == budgets
    for variable in set(re.findall(r"SITREP_FUZZ\w*", doc)):
        assert f'"{variable}"' in module, variable
    for profile in set(re.findall(r"`(sitrep-\w+)`", doc)):
        assert f'"{profile}"' in module, profile
    assert "tests/test_robustness.py" in doc


def test_the_incidents_doc_names_every_feature_and_setting():
    import dataclasses

    from sitrep.incidents import FEATURES, Settings

    doc = (DOCS / "incidents.md").read_text(encoding="utf-8")
    for feature in FEATURES:
        assert f"`{feature}`" in doc, feature
    for setting in (f.name for f in dataclasses.fields(Settings)):
        if setting != "weights":
            assert f"`{setting}`" in doc, setting
