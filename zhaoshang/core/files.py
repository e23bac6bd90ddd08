"""Files that live in the database (the app keeps no local state between requests)."""
from dataclasses import dataclass


@dataclass
class FileData:
    """A file from somewhere other than an upload (demo data, tests, a resubmission):
    name and bytes, read like an uploaded file."""

    name: str
    content: bytes
    content_type: str = ""

    @property
    def size(self):
        return len(self.content)

    def read(self, size=-1):
        return self.content if size < 0 else self.content[:size]
