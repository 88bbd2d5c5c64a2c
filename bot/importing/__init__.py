"""Loading a plan's task assignments from the files the People's Committee sends.

readers (bytes → cells and paragraphs) → table / prose (→ parsed tasks) → splitter and registry
(→ agencies) → service (preview, then one transaction that writes it).
"""
