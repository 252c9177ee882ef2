"""What the app and the exports show, without Streamlit: words, formats, charts, tables, links."""
