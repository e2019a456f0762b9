"""N4: the built-in texts, per event and language (ru, en), in Jinja syntax.

``title`` is the inbox/push title and the e-mail subject, ``body`` the text of every
channel, ``sms`` a shorter SMS text where the body is long, ``link`` where a tap or the
e-mail's button leads (a path under PUBLIC_BASE_URL, or an absolute URL). The e-mail
layout around them is built in (``templates/email.html``, ``email.txt``); operators may
override title and body per event, channel and language (``PUT /notifications/templates``).

Besides the event's data, every text may use ``recipient_id``, ``<money field>_text``
(formatted kopecks), ``<time field>_text`` (in the recipient's time zone) and
``<status field>_label`` and ``reason_label`` (a known payment failure reason).
"""
from __future__ import annotations

LANGUAGES = ("ru", "en")

#: O15 status labels (orders owns the statuses; these are their names in messages)
STATUS_LABELS = {
    "new": ("Новый", "New"),
    "new_payment_pending": ("Новый. В процессе оплаты", "New. Payment in progress"),
    "new_awaiting_invoice": ("Новый. Ожидает выставления счета на оплату", "New. Awaiting an invoice"),
    "invoice_issued": ("Безналичный расчет. Счет выставлен", "Bank transfer. Invoice issued"),
    "confirmed": ("Подтвержден", "Confirmed"),
    "in_progress": ("В работе", "In progress"),
    "done_awaiting_confirmation": ("Выполнен. Ожидает подтверждения", "Done. Awaiting confirmation"),
    "done": ("Выполнен", "Done"),
    "cancelled": ("Отменен", "Cancelled"),
    "cancelled_payment_failed": ("Отменен. Неуспешная оплата", "Cancelled. Payment failed"),
    "cancelled_refund_pending": ("Отменен. Выполняется возврат", "Cancelled. Refund in progress"),
    "cancelled_refunded": ("Отменен. Выполнен возврат", "Cancelled. Refunded"),
}

#: why a payment failed (billing's ``reason`` codes, YooKassa's cancellation reasons);
#: an unknown code is not shown
FAILURE_REASONS = {
    "card_declined": ("банк отклонил операцию", "the bank declined it"),
    "general_decline": ("банк отклонил операцию", "the bank declined it"),
    "insufficient_funds": ("недостаточно средств", "insufficient funds"),
    "card_expired": ("истек срок действия карты", "the card has expired"),
    "expired_on_confirmation": ("время на подтверждение истекло", "it was not confirmed in time"),
    "3d_secure_failed": ("не пройдена проверка 3-D Secure", "3-D Secure failed"),
    "payment_method_restricted": ("способ оплаты недоступен", "the payment method is restricted"),
    "provider_unavailable": ("платежный шлюз недоступен", "the payment gateway was unavailable"),
    "canceled": ("платеж отменен", "the payment was cancelled"),
}

ORDER_LINK = "/orders/{{ order_number }}"
TICKET_LINK = "/support/tickets/{{ ticket_number }}"

#: a support ticket's statuses (support's domain/states.py owns them), as the customer reads them
TICKET_STATUS_RU = ("{% if to_status == 'in_progress' %}в работе{% elif to_status == 'awaiting_customer' %}"
                    "ожидает вашего ответа{% elif to_status == 'resolved' %}выполнена{% elif to_status == 'closed' %}"
                    "закрыта{% else %}{{ to_status }}{% endif %}")
TICKET_STATUS_EN = ("{% if to_status == 'in_progress' %}in progress{% elif to_status == 'awaiting_customer' %}"
                    "awaiting your reply{% elif to_status == 'resolved' %}resolved{% elif to_status == 'closed' %}"
                    "closed{% else %}{{ to_status }}{% endif %}")

BUILT_IN: dict[str, dict[str, dict[str, str]]] = {
    # --- identity ---------------------------------------------------------------------
    "user_registration_requested": {
        "ru": {
            "title": "{% if reason == 'invitation' %}Приглашение в личный кабинет"
                     "{% else %}Подтвердите регистрацию{% endif %}",
            "body": "Здравствуйте{% if first_name %}, {{ first_name }}{% endif %}!\n"
                    "{% if reason == 'invitation' %}Вас пригласили в личный кабинет."
                    "{% else %}Вы начали регистрацию в личном кабинете.{% endif %} "
                    "Чтобы задать пароль и войти, перейдите по ссылке:\n{{ confirm_url }}\n"
                    "Ссылка действует до {{ expires_at_text }}. Если это были не вы, просто "
                    "не отвечайте на это сообщение.",
            "sms": "Регистрация в личном кабинете: {{ confirm_url }}",
            "link": "{{ confirm_url }}",
            "action": "Задать пароль",
        },
        "en": {
            "title": "{% if reason == 'invitation' %}You are invited to your account"
                     "{% else %}Confirm your registration{% endif %}",
            "body": "Hello{% if first_name %}, {{ first_name }}{% endif %}!\n"
                    "{% if reason == 'invitation' %}You have been invited to the client area."
                    "{% else %}You started registering in the client area.{% endif %} "
                    "To set your password and sign in, follow the link:\n{{ confirm_url }}\n"
                    "The link is valid until {{ expires_at_text }}. If it was not you, "
                    "just ignore this message.",
            "sms": "Your registration link: {{ confirm_url }}",
            "link": "{{ confirm_url }}",
            "action": "Set password",
        },
    },
    "phone_confirmation_requested": {
        "ru": {
            "title": "Код подтверждения",
            "body": "{% if purpose == 'phone_release' %}Код для смены номера телефона"
                    "{% else %}Код подтверждения номера телефона{% endif %}: {{ code }}. "
                    "Никому его не сообщайте.",
        },
        "en": {
            "title": "Confirmation code",
            "body": "{% if purpose == 'phone_release' %}Code to change your phone number"
                    "{% else %}Code to confirm your phone number{% endif %}: {{ code }}. "
                    "Do not share it with anyone.",
        },
    },
    # --- orders -----------------------------------------------------------------------
    "order_created": {
        "ru": {
            "title": "{% if recipient_id != applicant_id %}Новый заказ №{{ order_number }}"
                     "{% else %}Заказ №{{ order_number }} оформлен{% endif %}",
            "body": "«{{ service_name }}»{% if total %}, сумма {{ total_text }}{% endif %}. "
                    "Статус: {{ status_label }}.",
            "link": ORDER_LINK,
        },
        "en": {
            "title": "{% if recipient_id != applicant_id %}New order No. {{ order_number }}"
                     "{% else %}Order No. {{ order_number }} placed{% endif %}",
            "body": "“{{ service_name }}”{% if total %}, total {{ total_text }}{% endif %}. "
                    "Status: {{ status_label }}.",
            "link": ORDER_LINK,
        },
    },
    "order_status_changed": {
        "ru": {
            "title": "Заказ №{{ order_number }}: {{ to_status_label }}",
            "body": "Статус заказа «{{ service_name }}» изменился: {{ from_status_label }} → "
                    "{{ to_status_label }}.{% if reason %} Причина: {{ reason }}{% endif %}",
            "link": ORDER_LINK,
        },
        "en": {
            "title": "Order No. {{ order_number }}: {{ to_status_label }}",
            "body": "The status of “{{ service_name }}” changed: {{ from_status_label }} → "
                    "{{ to_status_label }}.{% if reason %} Reason: {{ reason }}{% endif %}",
            "link": ORDER_LINK,
        },
    },
    "order_returned_to_work": {
        "ru": {
            "title": "Заказ №{{ order_number }} вернули в работу",
            "body": "Клиент вернул заказ «{{ service_name }}» в работу."
                    "{% if comment %} Комментарий: {{ comment }}{% endif %}",
            "link": ORDER_LINK,
        },
        "en": {
            "title": "Order No. {{ order_number }} returned to work",
            "body": "The client returned “{{ service_name }}” to work."
                    "{% if comment %} Comment: {{ comment }}{% endif %}",
            "link": ORDER_LINK,
        },
    },
    "chat_message_posted": {
        "ru": {
            "title": "{% if visibility == 'internal' %}Внутреннее сообщение{% else %}Новое сообщение"
                     "{% endif %} по заказу №{{ order_number }}",
            "body": "{{ text }}{% if attachment_count %} (вложений: {{ attachment_count }}){% endif %}",
            "link": ORDER_LINK,
        },
        "en": {
            "title": "{% if visibility == 'internal' %}Internal message{% else %}New message"
                     "{% endif %} on order No. {{ order_number }}",
            "body": "{{ text }}{% if attachment_count %} (attachments: {{ attachment_count }}){% endif %}",
            "link": ORDER_LINK,
        },
    },
    "order_cancelled": {
        "ru": {
            "title": "Заказ №{{ order_number }} отменен",
            "body": "Заказ отменен.{% if refund_required %} Оплаченная сумма"
                    "{% if paid %} {{ paid_text }}{% endif %} будет возвращена.{% endif %}",
            "link": ORDER_LINK,
        },
        "en": {
            "title": "Order No. {{ order_number }} cancelled",
            "body": "The order is cancelled.{% if refund_required %} The amount paid"
                    "{% if paid %} ({{ paid_text }}){% endif %} will be refunded.{% endif %}",
            "link": ORDER_LINK,
        },
    },
    "access_shared": {
        "ru": {
            "title": "Вам предоставлен доступ к бронированию",
            "body": "Доступ к помещению: «{{ service_name }}», заказ №{{ order_number }}"
                    "{% if starts_at %}, с {{ starts_at_text }} по {{ ends_at_text }}{% endif %}. "
                    "Карточка «Доступ к помещению» появилась в вашем календаре.",
            "link": "/calendar",
        },
        "en": {
            "title": "You have been given access to a booking",
            "body": "Access to the premises: “{{ service_name }}”, order No. {{ order_number }}"
                    "{% if starts_at %}, from {{ starts_at_text }} to {{ ends_at_text }}{% endif %}. "
                    "An “Access to premises” card is in your calendar.",
            "link": "/calendar",
        },
    },
    "access_revoked": {
        "ru": {"title": "Доступ к бронированию закрыт",
               "body": "Доступ к помещению по заказу №{{ order_number }} «{{ service_name }}» больше не действует.",
               "link": "/calendar"},
        "en": {"title": "Your access to a booking was withdrawn",
               "body": "Access to the premises of order No. {{ order_number }} “{{ service_name }}” has ended.",
               "link": "/calendar"},
    },
    "order_assigned": {
        "ru": {
            "title": "Вы назначены исполнителем заказа №{{ order_number }}",
            "body": "«{{ service_name }}».",
            "link": ORDER_LINK,
        },
        "en": {
            "title": "You are the executor of order No. {{ order_number }}",
            "body": "“{{ service_name }}”.",
            "link": ORDER_LINK,
        },
    },
    # --- support ----------------------------------------------------------------------
    "ticket_created": {
        "ru": {"title": "Новая заявка №{{ ticket_number }}: {{ subject }}",
               "body": "{{ department_name }}. {{ text }}"
                       "{% if deadline %} Срок исполнения: {{ deadline_text }}.{% endif %}",
               "sms": "Новая заявка №{{ ticket_number }}: {{ subject }}", "link": TICKET_LINK},
        "en": {"title": "New ticket No. {{ ticket_number }}: {{ subject }}",
               "body": "{{ department_name }}. {{ text }}{% if deadline %} Due by {{ deadline_text }}.{% endif %}",
               "sms": "New ticket No. {{ ticket_number }}: {{ subject }}", "link": TICKET_LINK},
    },
    "ticket_message_posted": {
        "ru": {"title": "Новое сообщение по заявке №{{ ticket_number }}",
               "body": "{{ text }}{% if attachment_count %} (файлов: {{ attachment_count }}){% endif %}",
               "link": TICKET_LINK},
        "en": {"title": "New message on ticket No. {{ ticket_number }}",
               "body": "{{ text }}{% if attachment_count %} ({{ attachment_count }} files){% endif %}",
               "link": TICKET_LINK},
    },
    "ticket_status_changed": {
        "ru": {"title": "Заявка №{{ ticket_number }}: " + TICKET_STATUS_RU,
               "body": "«{{ subject }}»: " + TICKET_STATUS_RU + ".", "link": TICKET_LINK},
        "en": {"title": "Ticket No. {{ ticket_number }}: " + TICKET_STATUS_EN,
               "body": "“{{ subject }}”: " + TICKET_STATUS_EN + ".", "link": TICKET_LINK},
    },
    "ticket_assigned": {
        "ru": {"title": "Вам назначена заявка №{{ ticket_number }}", "body": "«{{ subject }}».", "link": TICKET_LINK},
        "en": {"title": "Ticket No. {{ ticket_number }} is assigned to you", "body": "“{{ subject }}”.",
               "link": TICKET_LINK},
    },
    "ticket_sla_breached": {
        "ru": {"title": "Нарушен срок по заявке №{{ ticket_number }}",
               "body": "{{ department_name }}, «{{ subject }}»: "
                       "{% if kind == 'first_reply' %}нет первого ответа{% else %}заявка не выполнена{% endif %}"
                       " к {{ due_at_text }}.", "link": TICKET_LINK},
        "en": {"title": "SLA missed on ticket No. {{ ticket_number }}",
               "body": "{{ department_name }}, “{{ subject }}”: "
                       "{% if kind == 'first_reply' %}no first reply{% else %}not resolved{% endif %}"
                       " by {{ due_at_text }}.", "link": TICKET_LINK},
    },
    "ticket_act_issued": {
        "ru": {"title": "Акт выполненных работ по заявке №{{ ticket_number }}",
               "body": "«{{ subject }}»: работы на {{ total_text }}. Проверьте и примите акт.",
               "link": TICKET_LINK + "/act"},
        "en": {"title": "Completed-works act for ticket No. {{ ticket_number }}",
               "body": "“{{ subject }}”: works for {{ total_text }}. Check and accept the act.",
               "link": TICKET_LINK + "/act"},
    },
    "ticket_act_accepted": {
        "ru": {"title": "Акт по заявке №{{ ticket_number }} принят",
               "body": "Заказчик принял работы на {{ total_text }} ({{ accepted_at_text }}).",
               "link": TICKET_LINK + "/act"},
        "en": {"title": "The act for ticket No. {{ ticket_number }} is accepted",
               "body": "The customer accepted works for {{ total_text }} ({{ accepted_at_text }}).",
               "link": TICKET_LINK + "/act"},
    },
    # --- billing ----------------------------------------------------------------------
    "payment_started": {
        "ru": {"title": "Платеж {{ payment_number }} создан",
               "body": "Оплата {{ amount_text }} ожидает подтверждения.", "link": "/billing"},
        "en": {"title": "Payment {{ payment_number }} created",
               "body": "A payment of {{ amount_text }} awaits confirmation.", "link": "/billing"},
    },
    "payment_succeeded": {
        "ru": {
            "title": "Платеж {{ payment_number }} получен",
            "body": "Поступила оплата {{ amount_text }}"
                    "{% if order_number %} по заказу №{{ order_number }}"
                    "{% if order_remaining %}, осталось оплатить {{ order_remaining_text }}{% endif %}"
                    "{% else %} на лицевой счет{% endif %}.",
            "link": "{% if order_number %}/orders/{{ order_number }}{% else %}/billing{% endif %}",
        },
        "en": {
            "title": "Payment {{ payment_number }} received",
            "body": "A payment of {{ amount_text }} arrived"
                    "{% if order_number %} for order No. {{ order_number }}"
                    "{% if order_remaining %}; {{ order_remaining_text }} remains to pay{% endif %}"
                    "{% else %} on your personal account{% endif %}.",
            "link": "{% if order_number %}/orders/{{ order_number }}{% else %}/billing{% endif %}",
        },
    },
    "payment_failed": {
        "ru": {
            "title": "Платеж не прошел",
            "body": "Не удалось провести оплату {{ amount_text }}"
                    "{% if order_number %} по заказу №{{ order_number }}{% endif %}"
                    "{% if reason_label %}: {{ reason_label }}{% endif %}. Проверьте способ оплаты.",
            "link": "{% if order_number %}/orders/{{ order_number }}{% else %}/billing{% endif %}",
        },
        "en": {
            "title": "Payment failed",
            "body": "A payment of {{ amount_text }}{% if order_number %} for order No. "
                    "{{ order_number }}{% endif %} did not go through"
                    "{% if reason_label %}: {{ reason_label }}{% endif %}. Check the payment method.",
            "link": "{% if order_number %}/orders/{{ order_number }}{% else %}/billing{% endif %}",
        },
    },
    "refund_completed": {
        "ru": {
            "title": "Возврат {{ amount_text }} выполнен",
            "body": "Возврат по заказу №{{ order_number }} "
                    "{% if destination == 'balance' %}зачислен на лицевой счет"
                    "{% else %}отправлен на карту{% endif %}.",
            "link": ORDER_LINK,
        },
        "en": {
            "title": "Refund of {{ amount_text }} completed",
            "body": "The refund for order No. {{ order_number }} "
                    "{% if destination == 'balance' %}went to your personal account"
                    "{% else %}was sent to your card{% endif %}.",
            "link": ORDER_LINK,
        },
    },
    "balance_low": {
        "ru": {
            "title": "На лицевом счете заканчиваются средства",
            "body": "Баланс {{ balance_text }} ниже порога {{ threshold_text }}. Пополните счет, "
                    "чтобы услуги не остановились.",
            "link": "/billing",
        },
        "en": {
            "title": "Your balance is running low",
            "body": "The balance of {{ balance_text }} is below {{ threshold_text }}. Top it up "
                    "so that your services keep running.",
            "link": "/billing",
        },
    },
    # --- billing's services (B7, B12) ------------------------------------------------------
    "service_activated": {
        "ru": {"title": "Услуга «{{ service_name }}» #{{ service_number }} активирована",
               "body": "Услуга оплачена и действует до {{ expires_at_text }}.", "link": "/billing/subscriptions"},
        "en": {"title": "Service “{{ service_name }}” #{{ service_number }} is active",
               "body": "The service is paid and runs until {{ expires_at_text }}.", "link": "/billing/subscriptions"},
    },
    "service_renewed": {
        "ru": {"title": "Услуга «{{ service_name }}» #{{ service_number }} продлена",
               "body": "{% if automatic %}Автопродление: {% endif %}списано {{ amount_text }}, услуга действует "
                       "до {{ expires_at_text }}.", "link": "/billing/subscriptions"},
        "en": {"title": "Service “{{ service_name }}” #{{ service_number }} renewed",
               "body": "{% if automatic %}Auto-renewal: {% endif %}{{ amount_text }} charged, the service runs "
                       "until {{ expires_at_text }}.", "link": "/billing/subscriptions"},
    },
    "service_renewal_failed": {
        "ru": {"title": "Не удалось продлить услугу «{{ service_name }}» #{{ service_number }}",
               "body": "Автопродление не прошло{% if reason %} ({{ reason }}){% endif %}. Следующая попытка "
                       "{{ retry_at_text }}; услуга действует до {{ expires_at_text }}. Проверьте способ оплаты "
                       "или пополните лицевой счет.", "link": "/billing/subscriptions"},
        "en": {"title": "Could not renew “{{ service_name }}” #{{ service_number }}",
               "body": "Auto-renewal failed{% if reason %} ({{ reason }}){% endif %}. The next try is "
                       "{{ retry_at_text }}; the service runs until {{ expires_at_text }}. Check the payment "
                       "method or top up your balance.", "link": "/billing/subscriptions"},
    },
    "service_suspended": {
        "ru": {"title": "Услуга «{{ service_name }}» #{{ service_number }} временно остановлена",
               "body": "Срок услуги истек, а продление не оплачено. Продлите услугу, чтобы она снова заработала.",
               "link": "/billing/subscriptions"},
        "en": {"title": "Service “{{ service_name }}” #{{ service_number }} suspended",
               "body": "Its period is over and the renewal was not paid. Renew it to have it running again.",
               "link": "/billing/subscriptions"},
    },
    "autopay_charged": {
        "ru": {"title": "Автоплатеж {{ amount_text }}",
               "body": "Баланс был низким: лицевой счет пополнен на {{ amount_text }} с сохраненного способа оплаты.",
               "link": "/billing/autopay"},
        "en": {"title": "Autopay of {{ amount_text }}",
               "body": "Your balance was low: {{ amount_text }} was added from your saved payment method.",
               "link": "/billing/autopay"},
    },
    "autopay_failed": {
        "ru": {"title": "Автоплатеж не прошел",
               "body": "Не удалось пополнить лицевой счет{% if amount %} на {{ amount_text }}{% endif %}"
                       "{% if reason %} ({{ reason }}){% endif %}. Проверьте способ оплаты.",
               "link": "/billing/autopay"},
        "en": {"title": "Autopay failed",
               "body": "Your balance could not be topped up{% if amount %} by {{ amount_text }}{% endif %}"
                       "{% if reason %} ({{ reason }}){% endif %}. Check the payment method.",
               "link": "/billing/autopay"},
    },
    # --- the credit-limit cycle (B9) -----------------------------------------------------
    "invoice_issued": {
        "ru": {"title": "Выставлен счет №{{ invoice_number }} на {{ amount_text }}",
               "body": "Счет за услуги, купленные в кредит в прошлом месяце. Оплатите его до {{ due_on }}, иначе "
                       "{{ block_on }} продление и покупка услуг будут заблокированы.", "link": "/billing/invoices"},
        "en": {"title": "Invoice No. {{ invoice_number }} for {{ amount_text }}",
               "body": "For services bought on credit last month. Pay it by {{ due_on }}, or renewing and buying "
                       "will be blocked on {{ block_on }}.", "link": "/billing/invoices"},
    },
    "invoice_reminder": {
        "ru": {"title": "{% if stage == 'due_soon' %}Через три дня срок оплаты счета №{{ invoice_number }}"
                        "{% elif stage == 'overdue' %}Счет №{{ invoice_number }} просрочен"
                        "{% else %}Через пять дней продление и покупка услуг будут заблокированы{% endif %}",
               "body": "К оплате {{ amount_text }} по счету №{{ invoice_number }}: срок оплаты {{ due_on }}, "
                       "блокировка {{ block_on }}.", "link": "/billing/invoices"},
        "en": {"title": "{% if stage == 'due_soon' %}Invoice No. {{ invoice_number }} is due in three days"
                        "{% elif stage == 'overdue' %}Invoice No. {{ invoice_number }} is overdue"
                        "{% else %}Renewing and buying will be blocked in five days{% endif %}",
               "body": "{{ amount_text }} to pay on invoice No. {{ invoice_number }}: due {{ due_on }}, "
                       "blocking on {{ block_on }}.", "link": "/billing/invoices"},
    },
    "account_blocked": {
        "ru": {"title": "Продление и покупка услуг заблокированы",
               "body": "Счет №{{ invoice_number }} не оплачен. Пополните лицевой счет, чтобы снять блокировку; "
                       "автопродление с сохраненных способов оплаты продолжает работать.", "link": "/billing"},
        "en": {"title": "Renewing and buying are blocked",
               "body": "Invoice No. {{ invoice_number }} is unpaid. Top up your balance to lift the block; "
                       "auto-renewal from saved payment methods keeps working.", "link": "/billing"},
    },
    "account_unblocked": {
        "ru": {"title": "Блокировка снята", "body": "Задолженность погашена: продление и покупка услуг снова доступны.",
               "link": "/billing"},
        "en": {"title": "The block is lifted", "body": "The debt is paid: renewing and buying work again.",
               "link": "/billing"},
    },
    # --- paying an order by invoice ------------------------------------------------------
    "order_invoice_requested": {
        "ru": {"title": "Запрошен счет на оплату заказа №{{ order_number }}",
               "body": "Счет на {{ amount_text }} для {{ payer_name }} будет выставлен менеджером.",
               "link": ORDER_LINK},
        "en": {"title": "An invoice was requested for order No. {{ order_number }}",
               "body": "The invoice for {{ amount_text }} for {{ payer_name }} will be issued by a manager.",
               "link": ORDER_LINK},
    },
    "order_invoice_issued": {
        "ru": {"title": "Выставлен счет №{{ invoice_number }} на {{ amount_text }}",
               "body": "Счет на оплату заказа №{{ order_number }} «{{ service_name }}» для {{ payer_name }}. "
                       "Оплатите его по безналичному расчету до {{ due_on }}; в назначении платежа укажите номер "
                       "счета. Счет можно скачать в заказе.", "link": ORDER_LINK},
        "en": {"title": "Invoice No. {{ invoice_number }} for {{ amount_text }}",
               "body": "The invoice for order No. {{ order_number }} “{{ service_name }}” for {{ payer_name }}. "
                       "Pay it by bank transfer by {{ due_on }}, quoting the invoice number in the payment's "
                       "purpose. Download it from the order.", "link": ORDER_LINK},
    },
    # --- the notification bot's own replies (N7) -------------------------------------
    "telegram_linked": {
        "ru": {"title": "Telegram подключен",
               "body": "Готово: уведомления личного кабинета будут приходить сюда."},
        "en": {"title": "Telegram connected",
               "body": "Done: notifications from your client area will come here."},
    },
    # --- coworking (manuals 000, 002) -----------------------------------------------------
    "ticket_issued": {
        "ru": {"title": "Билет {{ ticket_number }} в коворкинг",
               "body": "«{{ service_name }}», {{ space_name }}, место {{ workplace_name }}: "
                       "с {{ starts_at_text }} по {{ ends_at_text }}.",
               "link": ORDER_LINK},
        "en": {"title": "Coworking ticket {{ ticket_number }}",
               "body": "“{{ service_name }}”, {{ space_name }}, workplace {{ workplace_name }}: "
                       "from {{ starts_at_text }} to {{ ends_at_text }}.",
               "link": ORDER_LINK},
    },
    "ticket_visitor_changed": {
        "ru": {"title": "Вам передан билет {{ ticket_number }} в коворкинг",
               "body": "«{{ service_name }}», с {{ starts_at_text }} по {{ ends_at_text }}. "
                       "Билет появился в разделе «Мои бронирования».",
               "link": ORDER_LINK},
        "en": {"title": "Coworking ticket {{ ticket_number }} is yours now",
               "body": "“{{ service_name }}”, from {{ starts_at_text }} to {{ ends_at_text }}. "
                       "You will find it in “My bookings”.",
               "link": ORDER_LINK},
    },
    "ticket_validation_reset": {
        "ru": {"title": "Проверка билета {{ ticket_number }} сброшена",
               "body": "При следующем посещении «{{ service_name }}» покажите паспорт администратору.",
               "link": ORDER_LINK},
        "en": {"title": "The check of ticket {{ ticket_number }} was reset",
               "body": "On your next visit to “{{ service_name }}”, show your passport to the manager.",
               "link": ORDER_LINK},
    },
    "telegram_unknown_user": {
        "ru": {"title": "Telegram не привязан",
               "body": "Укажите ваш логин Telegram (без @) в настройках уведомлений личного "
                       "кабинета и отправьте /start еще раз."},
        "en": {"title": "Telegram is not linked",
               "body": "Enter your Telegram username (without @) in the notification settings "
                       "of your client area and send /start again."},
    },
}

#: the texts operators may override
TEMPLATE_KEYS = tuple(BUILT_IN)
