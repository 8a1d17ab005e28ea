"""Personal data: a salt kept outside the repository, pseudonymous respondent ids, redacted text.

Columns that identify people (e-mail, names, IP address, location, phone, free text named in the
configuration) are recognised by :mod:`smmjourney.layouts` and never read past cleaning. What
leaves cleaning about a respondent is a pseudonym: a keyed hash (SipHash-2-4, the key derived
from a secret salt) of the source id and the tool's respondent id or the row number.
"""

import base64
import hashlib
import os
import re
import secrets
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from smmjourney.errors import SurveyInputError

SALT_ENV = "SMMJOURNEY_SALT_FILE"
DEFAULT_SALT = Path("~/.config/smmjourney/salt")

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\w)\+?\d[\d ()-]{6,}\d(?!\w)")
_URL = re.compile(r"https?://\S+|www\.\S+")
_IP = re.compile(r"\b\d{1,3}(\.\d{1,3}){3}\b")


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
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32) + "\n")
    salt = path.read_bytes().strip()
    if not salt:
        raise SurveyInputError(
            f"The salt file {path} is empty; expected a secret (delete the file to have a new one "
            "generated)."
        )
    return salt


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
    """Free text with e-mail addresses, URLs, IP addresses and phone numbers replaced by a tag.

    >>> redact(pd.Series(["mail me: ivan@example.com or +7 (912) 345-67-89"])).iloc[0]
    'mail me: [e-mail] or [phone]'
    """
    text = text.astype("str")
    text = text.str.replace(_EMAIL, "[e-mail]", regex=True)
    text = text.str.replace(_URL, "[url]", regex=True)
    text = text.str.replace(_IP, "[ip]", regex=True)
    return text.str.replace(_PHONE, "[phone]", regex=True)
