"""Streamlit entry point: `streamlit run app.py`. Everything it draws lives in the ui package."""

from ui.pages import main

main()
