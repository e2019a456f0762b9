"""Schemathesis over the whole API from the gateway's own OpenAPI document (issue 12): as a
client and as an administrator, with real tokens, against the running system. Every
operation gets its documented examples, the boundary values of its schemas (the coverage
phase: too long, too large, missing, of the wrong type) and random requests; every answer
must be

- no 5xx (``not_a_server_error``);
- a status code, a content type, headers and a body the document declares for it — errors
  are ``application/problem+json`` and documented so (``status_code_conformance``,
  ``content_type_conformance``, ``response_headers_conformance``,
  ``response_schema_conformance``);
- for a method the URL does not have, 405 with ``Allow`` (``unsupported_method``,
  ``allow_header_conformance``).

Bounded (``MAX_EXAMPLES`` random requests per operation; the boundary values once, as the
administrator; both callers at once) and reproducible (deterministic generation, which
keeps no example database). ``POST /auth/logout`` is left out: it revokes the very token
the run uses (its own tests are in test_identity_sessions.py).

The administrator's run changes shared reference data (templates, departments, catalog
entries with random names), so this module runs last in the session (conftest)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

MAX_EXAMPLES = 5
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_headers_conformance", "response_schema_conformance", "unsupported_method",
          "allow_header_conformance")
#: operations that would end the run's own session
LEFT_OUT = ("/api/v1/auth/logout",)
#: the coverage phase (every schema's boundaries and violations, ~9 000 requests) once, as
#: the administrator, who reaches every handler; validation does not depend on the caller
PHASES = {"admin": "examples,coverage,fuzzing", "client": "examples,fuzzing"}


def fuzz(base_url: str, token: str, phases: str, workdir: Path) -> subprocess.Popen:
    command = [str(Path(sys.executable).with_name("st")), "run", base_url + "/api/v1/openapi.json",
               "--header", "Authorization: Bearer " + token, "--phases", phases, "--checks", ",".join(CHECKS),
               "--max-examples", str(MAX_EXAMPLES), "--generation-deterministic", "--no-shrink",
               "--workers", "2", "--request-timeout", "30", "--no-color", "--output-truncate", "true"]
    for path in LEFT_OUT:
        command += ["--exclude-path", path]
    workdir.mkdir()
    return subprocess.Popen(command, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def failures(output: str) -> str:
    """The FAILURES and ERRORS sections of schemathesis' report (what to fix), or its end."""
    marks = [i for i in (output.find("=== FAILURES"), output.find("=== ERRORS")) if i >= 0]
    return output[min(marks):][:20000] if marks else output[-5000:]


@pytest.mark.timeout(900)
def test_the_whole_api_survives_fuzzing_as_a_client_and_as_an_administrator(system, admin, make_user, tmp_path):
    tokens = {"admin": admin.tokens["access_token"], "client": make_user().tokens["access_token"]}
    runs = {role: fuzz(system.base_url, tokens[role], PHASES[role], tmp_path / role) for role in PHASES}
    outputs = {role: run.communicate(timeout=840)[0] for role, run in runs.items()}
    for role, run in runs.items():
        assert "Tested: " in outputs[role], (role, failures(outputs[role]))
        assert run.returncode == 0, "as {}:\n{}".format(role, failures(outputs[role]))
