"""Importers: reading reports as bodies published them (HTML pages, Word, PDF, Markdown, plain text).

The codecs of :mod:`govinfo_report.io` read and write the library's own files
exactly; the importers read what is found in the world, tolerating its
deviations.  They share one front (:mod:`._front`: decoding, section headings,
title and date, text sections) and one label-based grid reader (:mod:`._grid`);
each reader only turns its kind of file into cells and lines.
"""
