kb_record {{record}}
