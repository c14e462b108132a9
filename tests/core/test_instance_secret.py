"""The generated secret: one per installation, private from its creation, never empty."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from portal.core.instance_secret import SecretFileError, instance_secret
from tests.conftest import ROOT

WORKERS = 6
TRIALS = 25

# Each worker takes part in every trial: it says it is ready, waits until all are, then reads
# (or creates) that trial's secret at the same moment as the others, as gunicorn -w N does.
_WORKER = """
import sys, time
from pathlib import Path
from portal.core.instance_secret import instance_secret
folder, me, workers, trials = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
for trial in range(trials):
    (folder / f"ready-{trial}-{me}").touch()
    while len(list(folder.glob(f"ready-{trial}-*"))) < workers:
        pass
    print(instance_secret(folder / f"secret-{trial}"), flush=True)
"""


def test_processes_starting_together_all_get_the_same_private_secret(tmp_path):
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, str(tmp_path), str(n), str(WORKERS), str(TRIALS)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(WORKERS)
    ]
    outputs = [worker.communicate(timeout=120)[0].split() for worker in workers]
    assert all(worker.returncode == 0 for worker in workers)
    for trial in range(TRIALS):
        seen = {output[trial] for output in outputs}
        on_disk = (tmp_path / f"secret-{trial}").read_text(encoding="ascii")
        assert seen == {on_disk}, f"trial {trial}: {len(seen)} different secrets"
        assert len(on_disk) == 64 and int(on_disk, 16) >= 0
        mode = stat.S_IMODE(os.stat(tmp_path / f"secret-{trial}").st_mode)
        assert mode == 0o600, oct(mode)


@pytest.mark.parametrize("content", ["", "abc123", "\n"], ids=["empty", "short", "newline"])
def test_an_empty_or_short_secret_file_is_an_error_not_a_key(tmp_path, content):
    path = Path(tmp_path / "secret_key")
    path.write_text(content, encoding="ascii")
    with pytest.raises(SecretFileError, match="whole secret"):
        instance_secret(path, wait_seconds=0.05)


def test_an_existing_secret_is_kept(tmp_path):
    path = tmp_path / "secret_key"
    first = instance_secret(path)
    assert instance_secret(path) == first
