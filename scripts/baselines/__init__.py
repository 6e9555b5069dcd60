"""Baselines that need no download, trained on the train split only and scored on the test
split with the official scorer (scripts/score/):

    lexicon     forms seen in training -> their most frequent label; whole-word matching
    gazetteer   NER: the training mentions' forms
    triggers    events: the training triggers' words, arguments from the nearest mentions
    stance      stance: the majority label, and bag of words + logistic regression
    run         every baseline, the figures of dataset/baselines.json
"""
