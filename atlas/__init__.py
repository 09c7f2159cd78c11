"""Skills Partnerships Atlas: content model, checker, site generator and search."""
