"""The Excel toolkit every import and export uses: typed cells with bilingual messages
(`cells`), safe opening of uploads and the import result (`workbooks`), and sheet writing
(`sheets`). Domain apps describe their columns; how a cell is read or written lives here."""
