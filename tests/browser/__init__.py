"""Browser tests of the built site (Chromium through Playwright); see conftest.py.

A package so that its Playwright session (package-scoped fixtures in conftest.py) ends with its
last test: tests elsewhere that start Playwright themselves (test_search_explorer.py) cannot
while another sync Playwright is running.
"""
