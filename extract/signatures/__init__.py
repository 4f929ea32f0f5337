"""The signature lane: facts of the digital signatures in a PDF, and the PKI to judge them.

pdfsig   every signature of a PDF with its signed revision, certificates, times and changes after it
pki      trust roots and CRLs given by the user (nothing is fetched)
"""
