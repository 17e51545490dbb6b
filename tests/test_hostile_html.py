"""The HTML report's URL fragment parser takes only known keys and values (issue 14): a fragment naming
a prototype property causes no script error and selects nothing."""
from __future__ import annotations

import pytest

from test_browser import Page, browser, seed_report  # noqa: F401 - fixtures


@pytest.mark.parametrize("fragment", ["view=__proto__", "view=constructor", "sev=__proto__,constructor",
                                      "rec=__proto__&view=toString&sort=__proto__&size=__proto__&open=__proto__"])
def test_prototype_names_in_the_fragment(browser, seed_report, fragment):  # noqa: F811
    html, audit = seed_report
    p = Page(browser, html.as_uri() + "#" + fragment)
    p.page.wait_for_timeout(300)
    assert p.errors == [] and p.dialogs == []
    assert not p.page.evaluate("() => document.querySelector('dialog[open]') !== null")
    p.close()
