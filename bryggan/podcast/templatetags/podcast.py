from django import template

from bryggan.podcast.transcripts import timestamp

register = template.Library()


@register.filter
def stamp(seconds: float) -> str:
    """Show a time in seconds as M:SS or H:MM:SS."""
    return timestamp(float(seconds or 0))
