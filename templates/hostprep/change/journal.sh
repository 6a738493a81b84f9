kb_state={{state}}; kb_journal={{journal}}
