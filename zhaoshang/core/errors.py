"""The 500 answer names the request's id, the key to its traceback in the log. It uses no
context processor or base template: whatever broke the page may break those too."""
from django.http import HttpResponseServerError, JsonResponse
from django.template import loader

from . import requestctx


def server_error(request):
    rid = getattr(request, "request_id", None) or requestctx.request_id.get() or ""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": f"服务器处理请求时出错，已记录（请求编号 {rid}）。", "request_id": rid},
                            status=500)
    return HttpResponseServerError(loader.get_template("500.html").render({"request_id": rid}))
