"""台账导入 on the web (office only): upload → preview → 确认导入.

The upload reads the workbook once and checks it (`ledger.read_ledger`, `uploads.store_upload`):
its parsed rows and the preview wait in the database (`LedgerUpload`). 确认导入
(`uploads.confirm_upload`) imports those rows with the preview as `expected`: if the data changed meanwhile so that the import would do
anything else, nothing is written and the new preview is shown instead. The same checks as the
command line; nothing is re-validated here.
"""
import re

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from zhaoshang.core.xlsx import workbook_response
from zhaoshang.org.scope import office_required

from .ledger import LedgerError, read_ledger
from .ledger_template import ledger_template
from .models import LedgerUpload
from .uploads import confirm_upload, store_upload

MAX_BYTES = 20 * 1024 * 1024
PAGE_SIZE = 50  # projects per page of the preview
ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx is a zip archive
# A problem line of `ledger.Problems.lines()`: "项目台账 第5行 「签约日期」: reason".
PROBLEM_LINE = re.compile(r"^(?P<sheet>\S+) 第(?P<row>\d+)行 「(?P<column>.*?)」: (?P<reason>.*)$", re.S)
NOT_XLSX = "「{}」不是 Excel 工作簿（.xlsx）。请上传用导入模板填写的 .xlsx 文件；旧版 .xls 或 WPS 文件请先另存为 .xlsx。"
CHANGED_SINCE = ("预览之后，系统中的相关数据有了变化，导入的结果会与预览不同，所以这次没有导入。"
                 "下面是按最新数据重新核对的结果，请再核对一遍后确认。")


office_only = office_required("台账导入只能由领导小组办公室操作")


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
            ledger = read_ledger(file)
        except LedgerError as exc:
            problem = str(exc)
    if problem:
        return upload_page(request, error=problem, status=400)
    file.seek(0)
    stored = store_upload(ledger, user=request.user, filename=file.name, content=file.read())
    if request.headers.get("X-Requested-With") == "fetch":
        # The page's script showed the upload's progress; it opens the preview itself.
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


def change_rows(entry):
    """One project of the preview as rows (label, before, after, is an amount) for its table."""
    rows = [(header, before, after, header.endswith("（万元）")) for header, before, after in entry["fields"]]
    rows += [(f"到位资金 {day} {header}", before, after, header.endswith("（万元）"))
             for day, header, before, after in entry["funds"]]
    return rows


def render_preview(request, upload, *, reason=None, notice="", status=200):
    preview = upload.preview or {}
    problems = problem_rows(preview.get("problems", []))
    page = Paginator(preview.get("projects", []), PAGE_SIZE).get_page(request.GET.get("page"))
    only_corrections = bool(problems) and preview["refused_corrections"] == len(problems)
    counts = preview.get("counts", {})
    return render(request, "projects/import_preview.html", {
        "upload": upload, "preview": preview, "counts": counts, "notice": notice,
        "problems": problems, "only_corrections": only_corrections, "reason": reason or "",
        "reason_missing": only_corrections and reason == "",  # confirmed without one
        "page": page, "page_range": page.paginator.get_elided_page_range(page.number),
        "entries": [dict(entry, rows=change_rows(entry)) for entry in page],
        "anything": any(counts.get(name) for name in ("created_projects", "updated_projects",
                                                       "created_funds", "updated_funds")),
    }, status=status)


@office_only
@require_safe  # reads only: a POST is 405
def preview(request, pk):
    """What the upload would change, as checked when it was uploaded (or last confirmed)."""
    return render_preview(request, uploaded(request, pk))


@office_only
@require_POST
def confirm(request, pk):
    """The import of the checked rows: everything or, on any problem, nothing (and the problems
    again); if the data changed since the preview so that the import would do anything else,
    nothing either, and the new preview."""
    reason = request.POST.get("correction_reason", "").strip()
    upload, result = confirm_upload(pk, user=request.user, correction_reason=reason)
    if result is None or result.written:
        return redirect("imports:preview", upload.pk)
    notice = CHANGED_SINCE if result.changed else ""
    return render_preview(request, upload, reason=reason, notice=notice,
                          status=409 if result.changed and result.ok else 400)


@office_only
@require_safe  # reads only: a POST is 405
def template(request):
    return workbook_response(ledger_template(), "项目台账导入模板.xlsx")
