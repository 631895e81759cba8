import streamlit as st

st.title("Before your first visit")
