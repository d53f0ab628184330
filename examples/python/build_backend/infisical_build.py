"""A PEP 517 (and PEP 660) build backend for this pure-Python package, made
of the standard library only, so that `pip install` needs no network and no
compiler: pyproject.toml names it with `requires = []` and `backend-path`.

It reads [project] from pyproject.toml and writes a py3-none-any wheel: the
files under src/, and a .dist-info folder with METADATA, WHEEL, top_level.txt
and RECORD. An editable wheel holds a .pth file naming src/; an sdist is the
source files and PKG-INFO. Deterministic: files in sorted order, with the
time of SOURCE_DATE_EPOCH (or 1980-01-01) and fixed permissions.
"""

import base64
import hashlib
import io
import os
import re
import tarfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "src")
# What an sdist holds besides src/.
SDIST_FILES = ["pyproject.toml", "README.md", "build_backend/infisical_build.py"]
SDIST_DIRS = ["src", "tests"]


def _project():
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as f:
        data = f.read().decode("utf-8")
    try:
        import tomllib  # Python 3.11
        return tomllib.loads(data)["project"]
    except ImportError:
        return _parse_project(data)


def _parse_project(data):
    """The [project] table of our own pyproject.toml, for Pythons before
    tomllib (3.11): strings, tables of strings on one line, arrays of strings."""
    project, table = {}, None
    lines = iter(data.splitlines())
    for line in lines:
        line = line.split(" #")[0].strip() if not line.lstrip().startswith("#") else ""
        if not line:
            continue
        if line.startswith("["):
            table = line.strip("[]").strip()
            continue
        if table != "project":
            continue
        key, _, value = (s.strip() for s in line.partition("="))
        if value.startswith("[") and not value.endswith("]"):
            for more in lines:
                value += more.strip()
                if more.strip().endswith("]"):
                    break
        if value.startswith("{"):
            project[key] = dict(re.findall(r'(\w+)\s*=\s*"([^"]*)"', value))
        elif value.startswith("["):
            project[key] = re.findall(r'"([^"]*)"', value)
        else:
            project[key] = value.strip('"')
    return project


def _names():
    project = _project()
    name, version = project["name"], project["version"]
    dist = re.sub(r"[-_.]+", "_", name).lower()
    return project, dist, version


def _metadata():
    project, _, version = _names()
    lines = ["Metadata-Version: 2.1", "Name: " + project["name"], "Version: " + version]
    if "description" in project:
        lines.append("Summary: " + project["description"])
    if "requires-python" in project:
        lines.append("Requires-Python: " + project["requires-python"])
    if isinstance(project.get("license"), dict) and "text" in project["license"]:
        lines.append("License: " + project["license"]["text"])
    for c in project.get("classifiers", []):
        lines.append("Classifier: " + c)
    body = ""
    readme = project.get("readme")
    if readme:
        lines.append("Description-Content-Type: text/markdown")
        with open(os.path.join(ROOT, readme), encoding="utf-8") as f:
            body = f.read()
    return "\n".join(lines) + "\n\n" + body


def _wheel_file():
    return "Wheel-Version: 1.0\nGenerator: infisical_build\nRoot-Is-Purelib: true\nTag: py3-none-any\n"


def _date_time():
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
    return time.gmtime(max(epoch, 315532800))[:6]


def _record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (path, digest, len(data))


def _package_files():
    """(path in the wheel, bytes) of every file under src/, sorted."""
    found = []
    for folder, dirs, files in os.walk(SRC):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue
            full = os.path.join(folder, name)
            with open(full, "rb") as f:
                found.append((os.path.relpath(full, SRC).replace(os.sep, "/"), f.read()))
    return found


def _dist_info_files(dist, version, top_level):
    info = "%s-%s.dist-info" % (dist, version)
    return info, [(info + "/METADATA", _metadata().encode("utf-8")),
                  (info + "/WHEEL", _wheel_file().encode()),
                  (info + "/top_level.txt", ("\n".join(top_level) + "\n").encode())]


def _write_wheel(wheel_directory, files, dist, version, top_level):
    info, meta = _dist_info_files(dist, version, top_level)
    files = files + meta
    record = [_record_line(p, d) for p, d in files] + [info + "/RECORD,,"]
    files.append((info + "/RECORD", ("\n".join(record) + "\n").encode()))
    filename = "%s-%s-py3-none-any.whl" % (dist, version)
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w", zipfile.ZIP_DEFLATED) as zf:
        for path, data in files:
            entry = zipfile.ZipInfo(path, date_time=_date_time())
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(entry, data)
    return filename


def _top_level():
    return sorted({p.split("/")[0] for p, _ in _package_files() if "/" in p})


# --- PEP 517 ---------------------------------------------------------------

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    _, dist, version = _names()
    info, meta = _dist_info_files(dist, version, _top_level())
    os.makedirs(os.path.join(metadata_directory, info), exist_ok=True)
    for path, data in meta:
        with open(os.path.join(metadata_directory, path), "wb") as f:
            f.write(data)
    return info


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    _, dist, version = _names()
    return _write_wheel(wheel_directory, _package_files(), dist, version, _top_level())


def build_sdist(sdist_directory, config_settings=None):
    project, dist, version = _names()
    base = "%s-%s" % (dist, version)
    paths = list(SDIST_FILES)
    for d in SDIST_DIRS:
        for folder, dirs, files in os.walk(os.path.join(ROOT, d)):
            dirs[:] = sorted(x for x in dirs if x != "__pycache__")
            paths += [os.path.relpath(os.path.join(folder, n), ROOT) for n in sorted(files)
                      if not n.endswith((".pyc", ".pyo"))]
    filename = base + ".tar.gz"
    mtime = time.mktime(_date_time() + (0, 0, -1))

    def add(tar, name, data):
        entry = tarfile.TarInfo(base + "/" + name)
        entry.size, entry.mtime, entry.mode = len(data), mtime, 0o644
        tar.addfile(entry, io.BytesIO(data))

    with tarfile.open(os.path.join(sdist_directory, filename), "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for p in sorted(paths):
            with open(os.path.join(ROOT, p), "rb") as f:
                add(tar, p.replace(os.sep, "/"), f.read())
        add(tar, "PKG-INFO", _metadata().encode("utf-8"))
    return filename


# --- PEP 660: pip install -e ------------------------------------------------

get_requires_for_build_editable = get_requires_for_build_wheel
prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    _, dist, version = _names()
    pth = ("_%s_editable.pth" % dist, (SRC + "\n").encode())
    return _write_wheel(wheel_directory, [pth], dist, version, _top_level())
