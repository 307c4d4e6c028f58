"""Script-injection payloads for the XSS suite: classic vectors in the
contexts our pages put user text in (element text, attribute values,
textareas, titles, URLs)."""

from __future__ import annotations

MARK = "window.__ftxss=1"
VECTORS = (
    f"<script>{MARK}</script>",
    f"<img src=x onerror={MARK}>",
    f'<img src="x" onerror="{MARK}">',
    f"<svg onload={MARK}>",
    f"<svg><script>{MARK}</script></svg>",
    f"<iframe srcdoc='<script>parent.{MARK}</script>'></iframe>",
    f"<body onload={MARK}>",
    f"<details open ontoggle={MARK}>",
    f"<input autofocus onfocus={MARK}>",
    f"<a href=javascript:{MARK}>x</a>",
    f"<math><mtext><table><mglyph><style><img src=x onerror={MARK}>",
    f"<video><source onerror={MARK}></video>",
)
CONTEXTS = (
    "{}",
    '"><{}',
    "'>{}",
    "</textarea>{}",
    "</title>{}",
    "</option></select>{}",
)
EXTRA = (
    f"javascript:{MARK}",
    "{{ 7*7 }}{% raw %}",
    f"</script><script>{MARK}</script>",
    f"<scr<script>ipt>{MARK}</script>",
    f"&lt;script&gt;{MARK}&lt;/script&gt;",
    f"\u2028<script>{MARK}</script>",
)
PAYLOADS: tuple[str, ...] = tuple(
    context.replace("{}", vector) for vector in VECTORS for context in CONTEXTS[:5]
) + EXTRA
URL_PAYLOADS = (
    f'https://example.org/"><script>{MARK}</script>',
    f"https://example.org/'onmouseover='{MARK}",
)
assert len(PAYLOADS) >= 60
