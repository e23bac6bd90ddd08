"""The import contracts (pyproject.toml) hold, and they bite: a copy of the tree where core
imports an app fails `lint-imports`, naming the contract."""
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LINT = Path(sys.executable).parent / "lint-imports"


def lint(cwd):
    return subprocess.run([str(LINT), "--no-cache"], cwd=cwd, capture_output=True, text=True,
                          env={"PATH": str(LINT.parent), "PYTHONPATH": str(cwd)})


def test_a_wrong_import_fails_the_build(tmp_path):
    shutil.copytree(ROOT / "zhaoshang", tmp_path / "zhaoshang",
                    ignore=shutil.ignore_patterns("__pycache__", "static", "templates", "tests"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    assert lint(tmp_path).returncode == 0
    (tmp_path / "zhaoshang" / "core" / "wrong.py").write_text("from zhaoshang.projects import models\n")
    result = lint(tmp_path)
    assert result.returncode == 1
    assert "BROKEN" in result.stdout and "zhaoshang.core.wrong -> zhaoshang.projects.models" in result.stdout
