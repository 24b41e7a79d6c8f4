"""The hostile-input gate: every form field and every API field gets known nasty strings and
generated text; the app must never answer 5xx, never echo markup unescaped, and never write
anything when it refuses."""
