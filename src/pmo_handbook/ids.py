"""Id patterns shared by the models, the folder names and the settings. A leaf module: the
settings check PMO_PROJECT with it and must not import the models."""
from __future__ import annotations

# Ids end up in URLs, anchors and file names: each pattern admits no '/', '.', space or quote, so
# no id can traverse a path or break out of an attribute. ASCII only.
PROJECT_ID = r"^[a-z0-9][a-z0-9-]{1,39}$"  # also the project's folder name and PMO_PROJECT
PERSON_ID = r"^[a-z][a-z0-9_-]{0,39}$"  # member and people.yml ids
