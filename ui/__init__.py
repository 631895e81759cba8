"""The Streamlit side of the intake: widgets, steps and downloads. The only code that imports Streamlit."""
