"""Services that cannot take a post from a static page on GitHub Pages: `check` refuses them, saying why. Checked
against https://docs.netlify.com/ (Netlify Forms) and https://actionnetwork.org/ (embedded forms)."""

from __future__ import annotations

from citypages.forms.base import FormService, Privacy

INSTEAD = "use formspree, web3forms, staticforms, basin, getform or formsubmit instead"


class NetlifyForms(FormService):
    name = "netlify"
    title = "Netlify Forms"
    docs = "https://docs.netlify.com/"
    privacy = Privacy("Netlify", "https://www.netlify.com/privacy/")
    refused = ("Netlify Forms only works on sites Netlify hosts and builds (it finds the form while deploying); "
               f"this site is published on GitHub Pages, so posts would be lost: {INSTEAD}")


class ActionNetwork(FormService):
    name = "action_network"
    title = "Action Network"
    docs = "https://actionnetwork.org/"
    privacy = Privacy("Action Network", "https://actionnetwork.org/privacy")
    refused = ("Action Network forms are embedded with a script and styles loaded from its servers, which these "
               "pages never load (no third-party requests, and the CSP blocks them); collect signatures with a "
               f"supported service and import the list into Action Network: {INSTEAD}")
