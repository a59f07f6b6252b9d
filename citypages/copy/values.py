"""What campaign copy may show of a city: each placeholder's value as plain text."""

from __future__ import annotations

from citypages.model.site import City, Site


def copy_values(site: Site, city: City, page_url: str) -> dict[str, str]:
    """What campaign copy may show of one city, as plain text by placeholder name ("city.name": "Tucson")."""
    policy, location = city.policy, city.location
    raw: dict[str, object] = {
        "city.name": city.name, "city.state": city.state, "city.slug": city.slug, "city.country": city.country,
        "city.status": city.status, "city.population": city.population, "city.url": page_url,
        "city.last_verified": city.last_verified,
        "city.policy.name": policy and policy.name, "city.policy.url": policy and policy.url,
        "city.policy.since": policy and policy.since, "city.policy.summary": policy and policy.summary,
        "city.location.lat": location and location.lat, "city.location.lon": location and location.lon,
        "mayor.name": city.mayor.name, "mayor.title": city.mayor.title,
        "site.title": site.title, "site.organization": site.organization,
    }
    return {k: as_text(v) for k, v in raw.items()}


def as_text(value: object) -> str:
    """A value as copy shows it: nothing for an empty one, dates as 2024-05-01, yes/no as 'yes'/''."""
    if value is None or value is False:
        return ""
    if value is True:
        return "yes"
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
