"""Event extraction: casualty figures, and the incidents built from them."""
