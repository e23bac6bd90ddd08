"""项目看板 (namespace `board`) and 台账导入 (namespace `imports`)."""
from django.urls import include, path

from . import views_board, views_import

board_patterns = [
    path("projects/board/", views_board.board, name="index"),
    path("projects/board/<int:pk>/move/", views_board.move, name="move"),
]
import_patterns = [
    path("import/", views_import.upload, name="upload"),
    path("import/template.xlsx", views_import.template, name="template"),
    path("import/<int:pk>/", views_import.preview, name="preview"),
    path("import/<int:pk>/confirm/", views_import.confirm, name="confirm"),
]
urlpatterns = [
    path("", include((board_patterns, "board"))),
    path("", include((import_patterns, "imports"))),
]
