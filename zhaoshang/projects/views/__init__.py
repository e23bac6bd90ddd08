"""The project pages: list and export, detail, create/edit, stage moves, funds, notes, problems."""
from .detail import project_detail
from .edit import project_create, project_edit, stage_move
from .list import project_export, project_list
from .records import funds_edit, funds_remove, funds_add, issue_add, issue_resolve, note_add

__all__ = ["project_list", "project_export", "project_detail", "project_create", "project_edit",
           "stage_move", "funds_add", "funds_edit", "funds_remove", "note_add", "issue_add",
           "issue_resolve"]
