"""The reference for the protocol-level load test: a hello-world Streamlit page, served under
the same settings (.streamlit/config.toml, from the repo root) as the app."""

import streamlit as st

st.write("Hello, world")
