"""台账导入 on the web (office only): upload → preview → 确认导入.

The preview is `ledger.plan_import` and the import `ledger.import_ledger`: the same checks as the
command line, nothing re-validated here. Between preview and confirm the workbook waits in the
database (`LedgerUpload`), never in a local file: several app servers may share one database.
"""
import datetime
import hashlib
import io
import re

from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhaoshang.core.xlsx import workbook_response
from zhaoshang.org.scope import office_required

from .ledger import LedgerError, import_ledger, ledger_template, plan_import, read_ledger
from .models import LedgerUpload

MAX_BYTES = 20 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx is a zip archive
# Uploads never confirmed are dropped after this long.
KEEP = datetime.timedelta(days=7)
# A problem line of `ledger.Problems.lines()`: "项目台账 第5行 「签约日期」: reason".
PROBLEM_LINE = re.compile(r"^(?P<sheet>\S+) 第(?P<row>\d+)行 「(?P<column>.*?)」: (?P<reason>.*)$", re.S)
NOT_XLSX = "「{}」不是 Excel 工作簿（.xlsx）。请上传用导入模板填写的 .xlsx 文件；旧版 .xls 或 WPS 文件请先另存为 .xlsx。"


office_only = office_required("台账导入只能由领导小组办公室操作")


def stream(upload):
    """The stored workbook as a file object named like the uploaded one (for messages)."""
    buffer = io.BytesIO(bytes(upload.content))
    buffer.name = upload.filename
    return buffer


def file_problem(file):
    """Why `file` cannot be a ledger workbook, or ""."""
    if file is None:
        return "请选择要导入的台账工作簿（.xlsx）"
    if file.size == 0:
        return f"「{file.name}」是空文件"
    if file.size > MAX_BYTES:
        return f"「{file.name}」超过 {MAX_BYTES // 1024 // 1024} MB，请分成几个工作簿导入"
    head = file.read(4)
    file.seek(0)
    if not file.name.lower().endswith(".xlsx") or head != ZIP_MAGIC:
        return NOT_XLSX.format(file.name)
    return ""


def upload_page(request, *, error="", status=200):
    return render(request, "projects/import.html", {"error": error, "max_mb": MAX_BYTES // 1024 // 1024},
                  status=status)


@office_only
def upload(request):
    """GET: the upload form; POST: store the workbook and show its preview."""
    if request.method != "POST":
        return upload_page(request)
    file = request.FILES.get("file")
    problem = file_problem(file)
    if not problem:
        try:
            read_ledger(file)  # a readable workbook? (its rows are checked by the preview)
        except LedgerError as exc:
            problem = str(exc)
    if problem:
        return upload_page(request, error=problem, status=400)
    file.seek(0)
    content = file.read()
    LedgerUpload.objects.filter(uploaded_at__lt=timezone.now() - KEEP, imported_at=None).delete()
    stored = LedgerUpload.objects.create(user=request.user, filename=file.name[:255], content=content,
                                         sha256=hashlib.sha256(content).hexdigest())
    if request.headers.get("X-Requested-With") == "fetch":
        # The page's script showed the upload's progress; it opens the preview itself, so the
        # preview is checked once (a redirect would be followed inside the request, then again).
        return JsonResponse({"next": reverse("imports:preview", args=[stored.pk])})
    return redirect("imports:preview", stored.pk)


def problem_rows(lines):
    """The importer's problem lines as {sheet, row, column, reason} for the table."""
    rows = []
    for line in lines:
        match = PROBLEM_LINE.match(line)
        rows.append(match.groupdict() if match else {"sheet": "", "row": "", "column": "", "reason": line})
    return rows


def uploaded(request, pk):
    """One's own upload (another user's is not found)."""
    return get_object_or_404(LedgerUpload, pk=pk, user=request.user)


def change_lists(result):
    """[(title, [项目编号 or 项目编号 · 到位日期])] of what the import would write."""
    def funds(keys):
        return [f"{code} · {day:%Y-%m-%d}" for code, day in keys]
    return [("新建的项目", result.created_project_codes), ("更新的项目", result.updated_project_codes),
            ("新增的到位资金", funds(result.created_funds_keys)),
            ("更新的到位资金", funds(result.updated_funds_keys))]


def render_preview(request, upload, result, *, status=200):
    return render(request, "projects/import_preview.html", {
        "upload": upload, "result": result,
        "problems": problem_rows(result.problems) if result else [],
        "lists": change_lists(result) if result else [],
    }, status=status)


@office_only
def preview(request, pk):
    upload = uploaded(request, pk)
    if upload.imported_at:
        return render_preview(request, upload, None)
    try:
        result = plan_import(read_ledger(stream(upload)), user=request.user)
    except LedgerError as exc:
        return upload_page(request, error=str(exc), status=400)
    return render_preview(request, upload, result)


@office_only
@require_POST
def confirm(request, pk):
    """The import itself: everything or, on any problem, nothing (and the problems again)."""
    with transaction.atomic():
        upload = get_object_or_404(LedgerUpload.objects.select_for_update(), pk=pk, user=request.user)
        if upload.imported_at:  # a second click, or a second tab: never import twice
            return redirect("imports:preview", upload.pk)
        try:
            result = import_ledger(stream(upload), user=request.user)
        except LedgerError as exc:
            return upload_page(request, error=str(exc), status=400)
        if not result.written:
            return render_preview(request, upload, result, status=400)
        upload.imported_at = timezone.now()
        upload.summary = result.summary()[:200]
        upload.save(update_fields=["imported_at", "summary"])
    return redirect("imports:preview", upload.pk)


@office_only
def template(request):
    return workbook_response(ledger_template(), "项目台账导入模板.xlsx")
