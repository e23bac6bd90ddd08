"""消息: the signed-in user's own notices. Anyone else's notice is a 404."""
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from .models import Notification
from .services import mark_read

PAGE_SIZE = 50


@require_safe  # reads only: a POST is 405
def index(request):
    notices = Notification.objects.filter(recipient=request.user)
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notices/index.html", {"page": page})


def open_notice(request, pk):
    """Mark the notice read and go where it points (the list when it points nowhere)."""
    notice = get_object_or_404(Notification, pk=pk, recipient=request.user)
    mark_read(request.user, [notice.pk])
    # Links are paths in this site; anything else would make this an open redirect.
    if notice.link and url_has_allowed_host_and_scheme(notice.link, allowed_hosts={request.get_host()}):
        return redirect(notice.link)
    return redirect("notices:index")


@require_POST
def read_all(request):
    mark_read(request.user)
    return redirect("notices:index")
