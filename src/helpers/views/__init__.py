"""What a reader sees: number and yen formatting, tables, charts, controls and the explorers.

Views read calculations (:mod:`helpers.calc`), the story's assumptions (:mod:`helpers.scenarios`)
and data (:mod:`helpers.data`), and speak the reader's language through :mod:`helpers.i18n`.
"""
