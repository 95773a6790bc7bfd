"""The teacher's side: collecting hand-ins, the class table, agreement, class charts."""
