"""The house stays easy to find one's way in: no module of the apps over 500 lines, the import
contracts kept (pyproject.toml's [tool.importlinter], which `make lint` checks as well), and
no test module borrowing from another (fixtures live in conftest.py files)."""

import ast
import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR).resolve()
MAX_LINES = 500
# Not the apps' own code: schema history, and the benchmarks and tests beside them.
NOT_COUNTED = {"migrations", "tests", "bench"}


def project_packages():
    """The project's own top-level packages: every installed app that lives in this
    repository (third-party apps live in the virtualenv), and conference_site."""
    packages = {BASE_DIR / "conference_site"}
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(BASE_DIR) and ".venv" not in path.parts:
            packages.add(BASE_DIR / path.relative_to(BASE_DIR).parts[0])
    return sorted(packages)


def app_modules():
    for package in project_packages():
        for path in sorted(package.rglob("*.py")):
            if not NOT_COUNTED & set(path.relative_to(BASE_DIR).parts):
                yield path


def test_the_project_packages_are_found():
    names = {package.name for package in project_packages()}
    assert {"conference_site", "events", "registration", "messaging", "outbox"} <= names
    assert "django" not in names and "modeltranslation" not in names


def test_no_module_of_the_apps_is_over_500_lines():
    too_long = {
        str(path.relative_to(BASE_DIR)): lines
        for path in app_modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}, f"split these by the work they do (at most {MAX_LINES} lines)"


def test_the_import_contracts_are_kept():
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint), "--no-cache"], cwd=BASE_DIR, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_make_lint_checks_the_import_contracts():
    makefile = (BASE_DIR / "Makefile").read_text()
    target = makefile[makefile.index("\nlint:") :].split("\n\n")[0]
    assert "$(BIN)/lint-imports" in target
    assert "make lint" in (BASE_DIR / ".ci" / "run").read_text()


def test_no_test_module_borrows_from_another_test_module():
    """Fixtures live in conftest.py files (pytest finds them by name), shared helpers there
    or in a helper module (factories.py, task_worker.py); a test module imports from none of
    the other test modules, so each one can be read, moved or deleted on its own."""
    tests = BASE_DIR / "tests"
    borrowed = []
    for path in sorted(tests.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            for module in modules:
                parts = module.split(".")
                if parts[0] == "tests" and parts[-1].startswith("test_"):
                    borrowed.append(f"{path.relative_to(BASE_DIR)}: {module}")
    assert borrowed == [], "move what these take into the nearest conftest.py"
