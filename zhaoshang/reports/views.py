from django.http import HttpResponse


def attachment1(request):
    return HttpResponse("投资促进管理系统")
