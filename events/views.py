from django.shortcuts import get_object_or_404, render

from events.models import Conference


def home(request):
    raise NotImplementedError


def conference_list(request):
    raise NotImplementedError


def conference_detail(request, slug):
    conference = get_object_or_404(Conference, slug=slug)
    return render(request, "events/conference_detail.html", {"conference": conference})


def conference_calendar(request, slug):
    raise NotImplementedError


def enquiry(request, slug):
    raise NotImplementedError
