"""The dossier lane: a digitized TTHC dossier package turned into facts.

package      reading a package (folder or .zip + manifest.json) into a Dossier
filefacts    facts of each file (PDF version, images, dpi, colour, pages)
personal     personal identifiers found and masked
procedures   the procedure catalog (components, processing times, sources)
durations    processing times ("15 ngày làm việc") as typed durations
timeline     a dossier's events on the working-day calendar
exports      provincial exports (json, csv, xlsx) read as dossier records
"""
