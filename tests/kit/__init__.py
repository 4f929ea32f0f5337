"""The test kit: everything tests, samples and benchmarks build their fixtures with.

render, render_docx   directives as text PDFs, scans, TIFFs and DOCX files
docbuild              Documents built in code for parser tests
directive_factory     Directives built in code for check tests
pki                   a TEST-ONLY PKI and PDF signing
dossier_kit           dossier packages (manifest, components, signed results)
sample_dossiers       samples/dossiers/ (one valid dossier per procedure, one per failure kind)
synth_batch           synthetic batches of dossier records for the timeline and stats benchmarks
printed               what a directive's text visibly prints, judged apart from the reader (false absences)
score_directive       the team's gold scorer (vendored)

It imports the product and nothing of tests/, samples/ or bench/.
"""
