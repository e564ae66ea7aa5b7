"""The Streamlit app's pieces: URL state and the tabs below the map."""
