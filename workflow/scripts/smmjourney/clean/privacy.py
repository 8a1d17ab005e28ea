"""Personal data: a salt kept outside the repository, pseudonymous respondent ids, redacted text.

Columns that identify people (e-mail, names, IP address, location, phone, free text named in the
configuration) are recognised by :mod:`smmjourney.layouts` and never read past cleaning. What
leaves cleaning about a respondent is a pseudonym: a keyed hash (SipHash-2-4, the key derived
from a secret salt) of the source id and the tool's respondent id or the row number.
"""

import base64
import hashlib
import os
import secrets
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from smmjourney.errors import SurveyInputError
from smmjourney.personal_data import redact_text

SALT_ENV = "SMMJOURNEY_SALT_FILE"
DEFAULT_SALT = Path("~/.config/smmjourney/salt")
SALT_WAIT_SECONDS = 5.0


def salt_path() -> Path:
    """Where the salt lives: ``$SMMJOURNEY_SALT_FILE`` or ``~/.config/smmjourney/salt``."""
    configured = os.environ.get(SALT_ENV)
    return Path(configured).expanduser() if configured else DEFAULT_SALT.expanduser()


def load_salt(path: str | Path | None = None, workdir: str | Path | None = None) -> bytes:
    """The secret salt, generated on first use (32 random bytes, hex, file mode 600) and reused.

    Raises :class:`SurveyInputError` when the salt file lies inside ``workdir`` (the workflow
    directory, so it could be committed or shared with the results) or is empty.
    """
    path = Path(path).expanduser() if path else salt_path()
    workdir = Path(workdir or Path.cwd()).resolve()
    resolved = path.resolve()
    if resolved == workdir or workdir in resolved.parents:
        raise SurveyInputError(
            f"The salt file {path} is inside the workflow directory {workdir}; expected it outside "
            "the repository (default ~/.config/smmjourney/salt, or a path in the environment "
            f"variable {SALT_ENV}) so it is never committed or shared."
        )
    if not path.exists():
        _create_salt(path)
    salt = _read_salt(path)
    if not salt:
        raise SurveyInputError(
            f"The salt file {path} is empty; expected a secret. Restore it from your backup to "
            "keep the respondent ids of earlier runs, or delete it to have a new one generated "
            "(the ids then change)."
        )
    return salt


def _create_salt(path: Path) -> None:
    """Write a new salt to ``path`` unless another process does first.

    The secret is written and synced to a private temporary file in the same directory, which is
    then hard-linked to ``path``: the link fails when ``path`` exists, so the first writer wins and
    every process reads that writer's complete salt. Where the file system has no hard links, the
    file is created exclusively and :func:`_read_salt` waits for its content.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            return
        except OSError:
            try:
                exclusive = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                return
            with os.fdopen(exclusive, "w", encoding="ascii") as handle:
                handle.write(Path(temporary).read_text(encoding="ascii"))
                handle.flush()
                os.fsync(handle.fileno())
    finally:
        os.unlink(temporary)


def _read_salt(path: Path) -> bytes:
    """The salt in ``path``. An empty file written in the last :data:`SALT_WAIT_SECONDS` (one
    being created where :func:`_create_salt` could not link) is waited for until it has content.
    """
    content = path.read_bytes().strip()
    while not content and time.time() - path.stat().st_mtime < SALT_WAIT_SECONDS:
        time.sleep(0.05)
        content = path.read_bytes().strip()
    return content


def _hash_key(salt: bytes, source_id: str) -> str:
    """A 16-character SipHash key derived from the salt and the source id."""
    digest = hashlib.sha256(
        b"smmjourney respondent ids\x00" + salt + b"\x00" + source_id.encode("utf-8")
    ).digest()
    return base64.b64encode(digest[:12]).decode("ascii")


def pseudonymise(keys: pd.Series, source_id: str, salt: bytes) -> pd.Series:
    """Pseudonymous respondent ids ``<source>-<16 hex digits>`` for the raw ``keys``.

    The key is hashed with SipHash-2-4 keyed by the salt and the source id: the same salt,
    source and key always give the same id, and without the salt the id cannot be traced back
    to the key. Two different keys that happen to collide stop the run rather than merge.

    >>> ids = pseudonymise(pd.Series(["17", "18"]), "en", b"secret")
    >>> [len(i) for i in ids], bool(ids.str.startswith("en-").all())
    ([19, 19], True)
    """
    values = keys.astype("str").to_numpy(dtype=object)
    hashed = pd.util.hash_array(values, hash_key=_hash_key(salt, source_id), categorize=False)
    repeated = pd.Series(hashed).duplicated(keep=False).to_numpy()
    if (
        repeated.any()
        and pd.Series(values[repeated]).nunique() != pd.Series(hashed[repeated]).nunique()
    ):
        raise SurveyInputError(
            f"source {source_id}: two different respondents received the same pseudonym; replace "
            f"the salt file {salt_path()} and rerun."
        )
    prefix = f"{source_id}-".encode()
    width = len(prefix) + 16
    buffer = np.empty((len(values), width), dtype=np.uint8)
    buffer[:, : len(prefix)] = np.frombuffer(prefix, dtype=np.uint8)
    buffer[:, len(prefix) :] = np.frombuffer(
        hashed.astype(">u8").tobytes().hex().encode("ascii"), dtype=np.uint8
    ).reshape(-1, 16)
    fixed = pa.FixedSizeBinaryArray.from_buffers(
        pa.binary(width), len(values), [None, pa.py_buffer(buffer.tobytes())]
    )
    return pd.Series(
        pd.arrays.ArrowStringArray(fixed.cast(pa.binary()).cast(pa.string())),
        index=keys.index,
        dtype="str",
    )


def redact(text: pd.Series) -> pd.Series:
    """Free text with e-mail addresses, URLs, IP addresses, @handles and phone numbers replaced
    by a tag (:func:`smmjourney.personal_data.redact_text`, once per distinct text).

    >>> redact(pd.Series(["mail me: ivan@example.com or +7 (912) 345-67-89"])).iloc[0]
    'mail me: [e-mail] or [phone]'
    """
    text = text.astype("str")
    codes, uniques = pd.factorize(text, use_na_sentinel=False)
    redacted = np.array([redact_text(value) for value in uniques], dtype=object)
    return pd.Series(redacted[codes], index=text.index, dtype="str")
