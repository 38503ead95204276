"""What the pages of several topics share: the day a page shows, and a URL by its name."""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from jiwon.spaces.forms import DayForm


def day_from(request, name: str = "on") -> date:
    """The day of the `name` query parameter, today when it is missing or not a date."""
    form = DayForm({"on": request.GET.get(name)})
    return form.cleaned_data["on"] if form.is_valid() else timezone.localdate()


def url_of(name: str, **kwargs) -> str:
    return reverse(name, kwargs=kwargs or None)
